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
 * <p>Usage: {@code QtiPackageCheck PACKAGE.zip|FOLDER [--qti3-schema ASI.xsd]
 * [--qti3-package-schema CP.xsd]} (a folder is packed as it is: with its imsmanifest.xml, or,
 * without one, every .xml file in it). With the IMS QTI 3.0 schemas given (they cannot ship with
 * the engine: their notices grant no redistribution), every item exported as QTI 3.0, and the
 * assessmentTest and manifest of a 3.0 package of all of them, are validated against them, offline.
 * Exit 1 when a round trip differs or a document is not valid.
 */
public final class QtiPackageCheck {
  private QtiPackageCheck() {}

  public static void main(String[] args) throws Exception {
    Path source = null;
    Path asiSchema = null;
    Path cpSchema = null;
    for (int a = 0; a < args.length; a++) {
      if (args[a].equals("--qti3-schema") && a + 1 < args.length) {
        asiSchema = Path.of(args[++a]);
      } else if (args[a].equals("--qti3-package-schema") && a + 1 < args.length) {
        cpSchema = Path.of(args[++a]);
      } else if (source == null && !args[a].startsWith("--")) {
        source = Path.of(args[a]);
      } else {
        source = null;
        break;
      }
    }
    if (source == null) {
      System.err.println(
          "usage: benchmarks/run qti-check PACKAGE.zip|FOLDER [--qti3-schema ASI.xsd]"
              + " [--qti3-package-schema CP.xsd]");
      System.exit(2);
    }
    javax.xml.validation.Validator asi = asiSchema == null ? null : validator(asiSchema);
    javax.xml.validation.Validator cp = cpSchema == null ? null : validator(cpSchema);
    List<String> invalid = new java.util.ArrayList<>();
    int valid = 0;
    List<ItemDefinition> exportable = new java.util.ArrayList<>();
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
          // the item alone: the section and weight a package's test gave it are the form's
          if (back.items().size() == 1
              && loose(back.items().getFirst()).equals(loose(item))
              && sameMedia(report, back)) {
            line.append("round trip exact");
            if (version == QtiExport.Version.V3P0) {
              exportable.add(item);
              if (asi != null) {
                String problem =
                    problem(asi, QtiExport.item(item, "en", QtiExport.Version.V3P0, media));
                if (problem == null) {
                  valid++;
                  line.append(", valid QTI 3.0");
                } else {
                  invalid.add(item.itemId() + ".xml:" + problem);
                  line.append(", NOT VALID QTI 3.0: ").append(problem);
                }
              }
            }
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
    for (QtiImport.Test t : report.tests()) {
      System.out.println(
          "test     "
              + t.file()
              + ": "
              + t.sections().size()
              + " sections ("
              + t.sections().stream()
                  .map(x -> x.sectionId() + ": " + x.itemIds().size() + " items")
                  .collect(java.util.stream.Collectors.joining(", "))
              + ")"
              + (t.maxTimeSeconds() == null ? "" : ", " + t.maxTimeSeconds() + " s")
              + (t.notes().isEmpty() ? "" : "; not kept: " + String.join("; ", t.notes())));
    }
    if ((asi != null || cp != null) && !exportable.isEmpty()) {
      // the items as one form: its assessmentTest and its manifest
      kg.exam.contract.exam.ExamContent form =
          new kg.exam.contract.exam.ExamContent(
              "check",
              "CHECK",
              9,
              "en",
              60,
              List.of(new kg.exam.contract.exam.SectionDefinition("s1", "Items")),
              exportable.stream().map(QtiPackageCheck::loose).toList(),
              null,
              null);
      Map<String, byte[]> files =
          unzip(QtiExport.examPackage("check", form, QtiExport.Version.V3P0, media));
      for (var document :
          List.of(
              Map.entry("tests/test.xml", Optional.ofNullable(asi)),
              Map.entry("imsmanifest.xml", Optional.ofNullable(cp)))) {
        if (document.getValue().isEmpty()) {
          continue;
        }
        String problem = problem(document.getValue().get(), files.get(document.getKey()));
        if (problem == null) {
          valid++;
          System.out.println("package  " + document.getKey() + ": valid QTI 3.0");
        } else {
          invalid.add(document.getKey() + ":" + problem);
          System.out.println("package  " + document.getKey() + ": NOT VALID QTI 3.0: " + problem);
        }
      }
    }
    System.out.printf(
        "%d imported, %d refused; round trips: %d exact, %d differ, %d not exportable%n",
        report.items().size(),
        report.refused().size(),
        2 * report.items().size() - differ - notExportable,
        differ,
        notExportable);
    if (asi != null || cp != null) {
      System.out.printf("QTI 3.0 schema: %d valid, %d not valid%n", valid, invalid.size());
    }
    System.exit(differ == 0 && invalid.isEmpty() ? 0 : 1);
  }

  /** A validator of the schema, which must resolve everything it imports from local files. */
  private static javax.xml.validation.Validator validator(Path xsd) throws Exception {
    javax.xml.validation.SchemaFactory factory =
        javax.xml.validation.SchemaFactory.newInstance(
            javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    return factory.newSchema(xsd.toFile()).newValidator();
  }

  /** Null when the document is valid, else "line: message". */
  private static String problem(javax.xml.validation.Validator validator, byte[] xml)
      throws IOException {
    try {
      validator.validate(
          new javax.xml.transform.stream.StreamSource(new java.io.ByteArrayInputStream(xml)));
      return null;
    } catch (org.xml.sax.SAXParseException e) {
      return e.getLineNumber() + ": " + e.getMessage();
    } catch (org.xml.sax.SAXException e) {
      return "0: " + e.getMessage();
    }
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> files = new java.util.HashMap<>();
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      java.util.zip.ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  /** The item outside any form: section s1, weight 1. */
  private static ItemDefinition loose(ItemDefinition i) {
    return new ItemDefinition(
        i.itemId(), "s1", i.type(), i.maxScore(), 1, i.prompt(), i.choices(), i.targets(), i.key());
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
