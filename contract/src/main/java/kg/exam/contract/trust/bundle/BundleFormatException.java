package kg.exam.contract.trust.bundle;

/** A bundle (or one of its entries) does not have the documented form. */
public final class BundleFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The entry that is malformed, or null for the bundle as a whole. */
  private final String entry;

  /** A malformed entry. */
  public BundleFormatException(String entry, String message, Throwable cause) {
    super((entry == null ? "" : entry + ": ") + message, cause);
    this.entry = entry;
  }

  /** A malformed entry. */
  public BundleFormatException(String entry, String message) {
    this(entry, message, null);
  }

  /** The entry name, or null. */
  public String entry() {
    return entry;
  }
}
