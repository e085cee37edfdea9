package kg.exam.benchmarks.bank;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kg.exam.command.exam.QtiExport;
import kg.exam.command.exam.QtiImport;
import kg.exam.contract.exam.ItemDefinition;

/**
 * Checks a QTI package from another tool against the engine, offline: the import's report (every
 * item imported, or refused with file, line and reason) and, for each imported item, whether export
 * to QTI 2.1 and to 3.0 and import again give the same item definition.
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
          QtiImport.Report back =
              QtiImport.item("back.xml", QtiExport.item(item, "en", version), "s1");
          if (back.items().size() == 1 && back.items().getFirst().equals(item)) {
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
