package kg.exam.client.station;

import kg.exam.contract.sitting.Accommodations;

/**
 * One sitting of a session package: who may sign in and how much time they get.
 *
 * @param sittingId the command side's sitting id
 * @param candidateId the pseudonymous candidate id (never a name)
 * @param candidateCode the code printed on the admission slip
 * @param pinHash the PIN verifier as the command side stores it ({@code {bcrypt}$2a$...})
 * @param extraTimePercent the accommodation, 0..200 % of the duration
 * @param accommodations beyond extra time (read-aloud, rest breaks, a human reader or scribe),
 *     never null
 * @param language the language the candidate sits the exam in (null: the package's own)
 */
public record PackageCandidate(
    String sittingId,
    String candidateId,
    String candidateCode,
    String pinHash,
    int extraTimePercent,
    Accommodations accommodations,
    String language) {

  public PackageCandidate {
    accommodations = Accommodations.orNone(accommodations);
  }

  /** A candidate who sits the package's own language. */
  public PackageCandidate(
      String sittingId,
      String candidateId,
      String candidateCode,
      String pinHash,
      int extraTimePercent,
      Accommodations accommodations) {
    this(sittingId, candidateId, candidateCode, pinHash, extraTimePercent, accommodations, null);
  }

  /** A candidate with no accommodation beyond extra time. */
  public PackageCandidate(
      String sittingId,
      String candidateId,
      String candidateCode,
      String pinHash,
      int extraTimePercent) {
    this(sittingId, candidateId, candidateCode, pinHash, extraTimePercent, Accommodations.NONE);
  }
}
