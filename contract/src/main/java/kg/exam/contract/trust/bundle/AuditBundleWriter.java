package kg.exam.contract.trust.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle ({@link AuditBundle}) entry by entry to a stream, so a session of any size is
 * written without holding more than one sitting in memory. Call {@link #manifest}, {@link
 * #registry}, {@link #exam}, {@link #session}, then {@link #sitting} once per sitting in sitting id
 * order, then {@link #close}. Not thread-safe.
 */
public final class AuditBundleWriter implements AutoCloseable {
  private final ZipOutputStream zip;
  private final Set<String> written = new HashSet<>();

  /** Writes to {@code out}; closing the writer closes it. */
  public AuditBundleWriter(OutputStream out) {
    this.zip = new ZipOutputStream(Objects.requireNonNull(out, "out"));
  }

  /** Writes the manifest (first). */
  public void manifest(BundleManifest manifest) throws IOException {
    entry(AuditBundle.MANIFEST, AuditBundle.encodeManifest(manifest));
  }

  /** Writes the key registry stream. */
  public void registry(BundleStream stream) throws IOException {
    entry(
        AuditBundle.REGISTRY,
        AuditBundle.encodeStream(require(stream, BundleStream.Kind.REGISTRY)));
  }

  /** Writes the exam stream. */
  public void exam(BundleStream stream) throws IOException {
    entry(AuditBundle.EXAM, AuditBundle.encodeStream(require(stream, BundleStream.Kind.EXAM)));
  }

  /** Writes the session stream. */
  public void session(BundleStream stream) throws IOException {
    entry(
        AuditBundle.SESSION, AuditBundle.encodeStream(require(stream, BundleStream.Kind.SESSION)));
  }

  /** Writes one sitting stream with its proof. */
  public void sitting(BundleStream stream) throws IOException {
    entry(
        AuditBundle.sittingEntry(stream.streamId()),
        AuditBundle.encodeStream(require(stream, BundleStream.Kind.SITTING)));
  }

  /** Writes the bytes of an image or audio file the exam shows, under its SHA-256. */
  public void medium(String sha256, byte[] bytes) throws IOException {
    entry(AuditBundle.mediumEntry(sha256), bytes);
  }

  private static BundleStream require(BundleStream stream, BundleStream.Kind kind) {
    if (stream.kind() != kind) {
      throw new IllegalArgumentException("expected a " + kind + " stream: kind=" + stream.kind());
    }
    return stream;
  }

  private void entry(String name, byte[] bytes) throws IOException {
    if (!written.add(name)) {
      throw new IllegalStateException("entry written twice: " + name);
    }
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Finishes the archive and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    zip.close();
  }
}
