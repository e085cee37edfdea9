package kg.exam.contract.sitting;

/**
 * The fixed list of incidents an invigilator may report for a sitting ({@link ReportIncident}). The
 * same list is offered by the exam station's invigilator view, translated there; a code outside it
 * is refused. Events carry the code as its name ({@link #name()}), so a reader built before a code
 * was added still reads the event.
 */
public enum IncidentCode {
  /** The candidate's phone or PC failed (crash, flat battery, broken screen). */
  DEVICE_FAILURE,
  /** Electricity failed in the room. */
  POWER_CUT,
  /** The candidate's device lost its link to the station or the server. */
  NETWORK_LOSS,
  /** The candidate felt unwell. */
  CANDIDATE_UNWELL,
  /** The candidate left the room during the sitting. */
  CANDIDATE_LEFT_ROOM,
  /** The invigilator suspects misconduct (notes, a second device, copying). */
  SUSPECTED_MISCONDUCT,
  /** A disturbance in or near the room (noise, an alarm, an intrusion). */
  DISTURBANCE,
  /** The candidate arrived after the session had started. */
  LATE_ARRIVAL,
  /** Anything else; the note says what, without names. */
  OTHER;

  /** Whether {@code code} names one of the codes, exactly (case-sensitive). */
  public static boolean isKnown(String code) {
    for (IncidentCode c : values()) {
      if (c.name().equals(code)) {
        return true;
      }
    }
    return false;
  }
}
