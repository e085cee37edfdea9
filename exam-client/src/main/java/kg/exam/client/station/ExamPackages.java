package kg.exam.client.station;

import java.util.List;
import java.util.Optional;

/**
 * The session packages a station holds, as the runtime reads them: only those whose key has been
 * released are visible (the content of a package stays encrypted until its session opens).
 * Implementations are thread-safe; a package unlocked while the station runs becomes visible.
 */
public interface ExamPackages {

  /** The package of a session, if the station has it and it is unlocked. */
  Optional<SessionPackage> unlocked(String sessionId);

  /** Every unlocked package. */
  List<SessionPackage> allUnlocked();

  /** A candidate with their package, found by the admission slip's code among unlocked packages. */
  default Optional<Located> byCandidateCode(String candidateCode) {
    for (SessionPackage p : allUnlocked()) {
      for (PackageCandidate c : p.candidates()) {
        if (c.candidateCode().equals(candidateCode)) {
          return Optional.of(new Located(p, c));
        }
      }
    }
    return Optional.empty();
  }

  /** A sitting with its package, among unlocked packages. */
  default Optional<Located> bySittingId(String sittingId) {
    for (SessionPackage p : allUnlocked()) {
      for (PackageCandidate c : p.candidates()) {
        if (c.sittingId().equals(sittingId)) {
          return Optional.of(new Located(p, c));
        }
      }
    }
    return Optional.empty();
  }

  /** A candidate's sitting and the package it belongs to. */
  record Located(SessionPackage sessionPackage, PackageCandidate candidate) {}

  /** Packages fixed in memory, all unlocked (tests and the plain package file). */
  static ExamPackages of(List<SessionPackage> packages) {
    List<SessionPackage> copy = List.copyOf(packages);
    return new ExamPackages() {
      @Override
      public Optional<SessionPackage> unlocked(String sessionId) {
        return copy.stream().filter(p -> p.sessionId().equals(sessionId)).findFirst();
      }

      @Override
      public List<SessionPackage> allUnlocked() {
        return copy;
      }
    };
  }
}
