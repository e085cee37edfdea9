package kg.exam.benchmarks.bank;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kg.exam.command.exam.QtiExport;
import kg.exam.command.exam.QtiImport;
import kg.exam.contract.exam.ItemDefinition;

/**
 * Checks a QTI package from another tool against the engine, offline: the import's report (every
 * item imported, or refused with file, line and reason) and, for each imported item, whether export
 * to a QTI 2.1 and a 3.0 package and import again give the same item definition and media.
 *
 * <p>Usage: {@code QtiPackageCheck PACKAGE.zip|FOLDER} (a folder is packed as it is: with its
 * imsmanifest.xml, or, without one, every .xml file in it). Exit 1 when a round trip differs.
 */
public final class QtiPackageCheck {
  private QtiPackageCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: benchmarks/run qti-check PACKAGE.zip|FOLDER");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    byte[] zip = Files.isDirectory(source) ? pack(source) : Files.readAllBytes(source);
    QtiImport.Report report = QtiImport.contentPackage(zip, "s1");
    QtiExport.MediaStore media =
        sha ->
            Optional.ofNullable(report.media().get(sha))
                .map(m -> Map.entry(m.mediaType(), m.bytes()));
    int differ = 0;
    int notExportable = 0;
    for (int i = 0; i < report.items().size(); i++) {
      ItemDefinition item = report.items().get(i);
      StringBuilder line =
          new StringBuilder("imported ")
              .append(report.files().get(i))
              .append(" -> ")
              .append(item.itemId())
              .append(' ')
              .append(item.type())
              .append(", max ")
              .append(item.maxScore());
      for (QtiExport.Version version : QtiExport.Version.values()) {
        line.append(version == QtiExport.Version.V2P1 ? "; 2.1 " : "; 3.0 ");
        try {
          // through a package, so that its pictures and audio go out and come back too
          QtiImport.Report back =
              QtiImport.contentPackage(
                  QtiExport.contentPackage("check", List.of(item), "en", version, media), "s1");
          if (back.items().size() == 1
              && back.items().getFirst().equals(item)
              && sameMedia(report, back)) {
            line.append("round trip exact");
          } else {
            differ++;
            line.append("round trip DIFFERS ").append(back.refused());
          }
        } catch (QtiExport.NotExportable e) {
          notExportable++;
          line.append("not exported: ").append(e.getMessage());
        }
      }
      System.out.println(line);
    }
    report.refused().forEach(r -> System.out.println("refused  " + r));
    System.out.printf(
        "%d imported, %d refused; round trips: %d exact, %d differ, %d not exportable%n",
        report.items().size(),
        report.refused().size(),
        2 * report.items().size() - differ - notExportable,
        differ,
        notExportable);
    System.exit(differ == 0 ? 0 : 1);
  }

  /** Every medium read back has the bytes the package gave it. */
  private static boolean sameMedia(QtiImport.Report package_, QtiImport.Report back) {
    return back.media().entrySet().stream()
        .allMatch(
            e ->
                package_.media().containsKey(e.getKey())
                    && Arrays.equals(
                        package_.media().get(e.getKey()).bytes(), e.getValue().bytes()));
  }

  private static byte[] pack(Path folder) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
