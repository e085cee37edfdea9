package kg.exam.contract.trust.registry;

/** Names shared by the key registry's writer (command side) and its readers (verifier). */
public final class TrustRegistry {
  /** The id of the one stream holding every key registration and revocation. */
  public static final String STREAM_ID = "trust-registry";

  /** Role of the server's seal and tree head signing key. */
  public static final String ROLE_SERVER = "SERVER";

  /** Role of an exam station's answer signing key (valid for the sittings of its centre). */
  public static final String ROLE_STATION = "STATION";

  private TrustRegistry() {}
}
