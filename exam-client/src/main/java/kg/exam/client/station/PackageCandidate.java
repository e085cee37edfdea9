package kg.exam.client.station;

/**
 * One sitting of a session package: who may sign in and how much time they get.
 *
 * @param sittingId the command side's sitting id
 * @param candidateId the pseudonymous candidate id (never a name)
 * @param candidateCode the code printed on the admission slip
 * @param pinHash the PIN verifier as the command side stores it ({@code {bcrypt}$2a$...})
 * @param extraTimePercent the accommodation, 0..200 % of the duration
 */
public record PackageCandidate(
    String sittingId,
    String candidateId,
    String candidateCode,
    String pinHash,
    int extraTimePercent) {}
