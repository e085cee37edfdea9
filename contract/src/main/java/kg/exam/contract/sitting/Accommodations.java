package kg.exam.contract.sitting;

/**
 * What a candidate is entitled to beyond extra time, recorded at registration (issue 15). Honoured
 * the same way by the central server and by a school exam station.
 *
 * @param readAloud the student UI offers to read each prompt and its choices aloud through the
 *     device's speech synthesis, or says clearly that the device has no voice for the language
 * @param restBreaks the invigilator may give rest breaks: pauses that stop the clock and carry
 *     their reason, as every pause does
 * @param humanReader a person reads the exam to the candidate: the invigilator is told
 * @param scribe a person writes the candidate's answers: the invigilator is told
 */
public record Accommodations(
    boolean readAloud, boolean restBreaks, boolean humanReader, boolean scribe) {
  /** None beyond extra time: what a registration without accommodations records. */
  public static final Accommodations NONE = new Accommodations(false, false, false, false);

  /** The recorded accommodations, or {@link #NONE} for an event from before they existed. */
  public static Accommodations orNone(Accommodations a) {
    return a == null ? NONE : a;
  }
}
