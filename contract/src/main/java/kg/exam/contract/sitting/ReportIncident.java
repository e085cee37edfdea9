package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * An invigilator reports an incident for a sitting, at the centre or through an exam station.
 * Accepted in every state of a registered sitting, also after hand-in (an incident may be noted
 * once the candidate has left).
 *
 * @param code one of {@link IncidentCode}, by name
 * @param note optional short free text, at most {@link #MAX_NOTE_CHARS} characters; never names or
 *     other direct identifiers (the event is kept for good and exported in audit bundles)
 * @param reportedBy who reported it: a staff account id, or {@code station:<keyId>/<invigilator id
 *     code>} for a station's report
 * @param occurredAt when it was reported where it happened: the station's clock for a station's
 *     report, the server's otherwise
 * @param recordedAt the server's clock when the report arrived
 * @param stationKeyId the reporting station's key id, or null for a report made at the centre
 * @param stationSeq the station's journal sequence number of the report, or null for a report made
 *     at the centre; a report with the same station key and sequence number as an earlier one is a
 *     repeat and records nothing
 */
public record ReportIncident(
    String sittingId,
    String code,
    String note,
    String reportedBy,
    Instant occurredAt,
    Instant recordedAt,
    String stationKeyId,
    Long stationSeq)
    implements SittingCommand {
  /** Longest note, in characters (UTF-16 code units, as Java and JavaScript count them). */
  public static final int MAX_NOTE_CHARS = 280;

  /** A report made at the centre, at the server's clock. */
  public ReportIncident(
      String sittingId, String code, String note, String reportedBy, Instant now) {
    this(sittingId, code, note, reportedBy, now, now, null, null);
  }
}
