package kg.exam.client.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import kg.exam.contract.trust.StreamHashChain;
import kg.exam.contract.trust.bundle.AuditBundleReader;
import kg.exam.contract.trust.bundle.AuditBundleWriter;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleManifest;
import kg.exam.contract.trust.bundle.BundleStream;

/** Rewrites bundles with one change, as someone tampering with an exported file would. */
final class BundleTampering {
  private BundleTampering() {}

  /** A bundle held in memory (small bundles only). */
  record Bundle(
      BundleManifest manifest,
      BundleStream registry,
      BundleStream exam,
      BundleStream session,
      List<BundleStream> sittings) {}

  static Bundle read(Path file) throws IOException {
    try (AuditBundleReader r = AuditBundleReader.open(file)) {
      List<BundleStream> sittings = new ArrayList<>();
      for (String entry : r.sittingEntries()) {
        sittings.add(r.sitting(entry));
      }
      return new Bundle(r.manifest(), r.registry(), r.exam(), r.session(), sittings);
    }
  }

  static Path write(Bundle b, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        AuditBundleWriter w = new AuditBundleWriter(out)) {
      w.manifest(b.manifest());
      w.registry(b.registry());
      w.exam(b.exam());
      w.session(b.session());
      for (BundleStream s : b.sittings()) {
        w.sitting(s);
      }
    }
    return file;
  }

  /** The bundle with its first sitting's events changed. */
  static Bundle withFirstSittingEvents(Bundle b, UnaryOperator<List<BundleEvent>> change) {
    List<BundleStream> sittings = new ArrayList<>(b.sittings());
    BundleStream first = sittings.getFirst();
    sittings.set(0, first.withEvents(change.apply(new ArrayList<>(first.events()))));
    return new Bundle(b.manifest(), b.registry(), b.exam(), b.session(), sittings);
  }

  /** Re-computes every chain hash from position 0, as a forger without the server key could. */
  static List<BundleEvent> rechain(String streamId, List<BundleEvent> events) {
    List<BundleEvent> out = new ArrayList<>();
    byte[] previous = StreamHashChain.genesisHash();
    for (int i = 0; i < events.size(); i++) {
      BundleEvent e = events.get(i);
      previous = StreamHashChain.nextHash(previous, streamId, i, e.payload());
      out.add(new BundleEvent(i, e.type(), e.payload(), previous));
    }
    return out;
  }
}
