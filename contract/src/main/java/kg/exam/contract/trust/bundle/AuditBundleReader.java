package kg.exam.contract.trust.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a bundle file ({@link AuditBundle}) with random access: the manifest and the shared streams
 * at once, each sitting entry on demand. {@link #sitting} may be called from many threads at once;
 * only one sitting's bytes are held per call.
 */
public final class AuditBundleReader implements AutoCloseable {
  /** Largest entry accepted (a sitting of thousands of answers stays far below it). */
  public static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;

  private final ZipFile zip;
  private final BundleManifest manifest;
  private final List<String> sittingEntries;

  private AuditBundleReader(ZipFile zip) {
    this.zip = zip;
    this.manifest = AuditBundle.decodeManifest(AuditBundle.MANIFEST, read(AuditBundle.MANIFEST));
    List<String> names = new ArrayList<>();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      if (name.startsWith(AuditBundle.SITTINGS_PREFIX)) {
        names.add(name);
      }
    }
    this.sittingEntries = Collections.unmodifiableList(names);
  }

  /** Opens a bundle file and reads its manifest. */
  public static AuditBundleReader open(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new BundleFormatException(null, "not a ZIP archive: " + file, e);
    } catch (EOFException e) {
      throw new BundleFormatException(null, "a ZIP archive cut short: " + file, e);
    }
    try {
      return new AuditBundleReader(zip);
    } catch (RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /** The manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The key registry stream. */
  public BundleStream registry() {
    return stream(AuditBundle.REGISTRY);
  }

  /** The exam stream. */
  public BundleStream exam() {
    return stream(AuditBundle.EXAM);
  }

  /** The session stream. */
  public BundleStream session() {
    return stream(AuditBundle.SESSION);
  }

  /** Names of the sitting entries, in archive order. */
  public List<String> sittingEntries() {
    return sittingEntries;
  }

  /** Reads one sitting entry; thread-safe. */
  public BundleStream sitting(String entryName) {
    return stream(entryName);
  }

  /** The bytes of the medium {@code sha256}, or empty when the bundle has none. */
  public java.util.Optional<byte[]> medium(String sha256) {
    String name = AuditBundle.mediumEntry(sha256);
    return zip.getEntry(name) == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(read(name));
  }

  private BundleStream stream(String name) {
    return AuditBundle.decodeStream(name, read(name));
  }

  private byte[] read(String name) {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new BundleFormatException(name, "entry is missing");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes((int) Math.min(MAX_ENTRY_BYTES + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > MAX_ENTRY_BYTES) {
        throw new BundleFormatException(name, "entry larger than " + MAX_ENTRY_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new BundleFormatException(name, "unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
