package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * An incident was reported for a sitting (fields as in {@link ReportIncident}). It changes neither
 * the sitting's state nor its clock (a pause or an extension is its own event) and plays no part in
 * scoring.
 *
 * @param code one of {@link IncidentCode}, by name
 * @param note optional short free text without names, or null
 * @param reportedBy a staff account id, or {@code station:<keyId>/<invigilator id code>}
 * @param occurredAt the station's clock for a station's report, the server's otherwise
 * @param recordedAt the server's clock when the report arrived
 * @param stationKeyId the reporting station's key id, or null
 * @param stationSeq the station's journal sequence number of the report, or null
 */
public record IncidentReported(
    String sittingId,
    String code,
    String note,
    String reportedBy,
    Instant occurredAt,
    Instant recordedAt,
    String stationKeyId,
    Long stationSeq) {}
