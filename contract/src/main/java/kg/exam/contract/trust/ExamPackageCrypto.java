package kg.exam.contract.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The encryption of exam station packages (scheme {@value #SCHEME}), shared by the command side
 * that seals them and the station that opens them.
 *
 * <p>A package's content is encrypted with AES-256-GCM under a random 256-bit package key (one per
 * session), a random 96-bit IV and a 128-bit tag, with the additional authenticated data {@link
 * #aad(String)} binding the ciphertext to its session. The command side releases the key to an
 * enrolled station of the session from the session's {@code opensAt}. For a school without a link
 * at that moment the key also travels inside the package, wrapped (AES-256-GCM, AAD {@code
 * "exam-package-key-wrap/1|" + sessionId}) under a key derived from the session's <b>release
 * code</b>: {@code scrypt(code, salt, N=2^15, r=8, p=1, 32 bytes)}, where {@code code} is the
 * normalised release code ({@link #normaliseReleaseCode}) and {@code salt} 16 random bytes per
 * session. A release code is {@value #RELEASE_CODE_LENGTH} characters of a 32-letter alphabet
 * without look-alikes (60 bits), shown as {@code ABCD-EFGH-JKLM} for reading over the phone.
 *
 * <p>Security, honestly: the package content is as secret as the package key until {@code opensAt}.
 * Whoever holds a package file <em>and</em> its release code can decrypt it at once, so the code is
 * as secret as the channel it is read over (a phone call at the session start). Without the code,
 * guessing it costs one scrypt (about 32 MiB and tens of milliseconds) per guess over 2^60 codes,
 * far beyond an exam's few hours.
 */
public final class ExamPackageCrypto {
  /** Name and version of the package encryption. */
  public static final String SCHEME = "exam-station-package/1";

  /** Characters in a release code (5 bits each). */
  public static final int RELEASE_CODE_LENGTH = 12;

  /** The release code alphabet: no 0/O, 1/I. */
  public static final String RELEASE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  /** scrypt cost parameters of the release-code key. */
  public static final int SCRYPT_N = 1 << 15;

  public static final int SCRYPT_R = 8;
  public static final int SCRYPT_P = 1;

  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private ExamPackageCrypto() {}

  /** An AES-GCM result: the IV and the ciphertext with its tag appended. */
  public record Sealed(byte[] iv, byte[] ciphertext) {}

  /** A new random package key (32 bytes). */
  public static byte[] newPackageKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  /** A new random scrypt salt (16 bytes). */
  public static byte[] newSalt(SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return salt;
  }

  /** A new random release code, normalised (no dashes). */
  public static String newReleaseCode(SecureRandom random) {
    StringBuilder b = new StringBuilder(RELEASE_CODE_LENGTH);
    for (int i = 0; i < RELEASE_CODE_LENGTH; i++) {
      b.append(RELEASE_CODE_ALPHABET.charAt(random.nextInt(RELEASE_CODE_ALPHABET.length())));
    }
    return b.toString();
  }

  /** A release code grouped by four for reading aloud: {@code ABCD-EFGH-JKLM}. */
  public static String formatReleaseCode(String code) {
    String n = normaliseReleaseCode(code);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(n.charAt(i));
    }
    return b.toString();
  }

  /**
   * A release code as typed: upper-cased, spaces and dashes removed. The alphabet has no {@code
   * 0/O} or {@code 1/I}; a typed look-alike is refused rather than guessed.
   *
   * @throws IllegalArgumentException when the code has a character outside the alphabet or the
   *     wrong length
   */
  public static String normaliseReleaseCode(String typed) {
    Objects.requireNonNull(typed, "typed");
    StringBuilder b = new StringBuilder();
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || Character.isWhitespace(c)) {
        continue;
      }
      if (RELEASE_CODE_ALPHABET.indexOf(c) < 0) {
        throw new IllegalArgumentException(
            "release code character '" + c + "' is not in the alphabet " + RELEASE_CODE_ALPHABET);
      }
      b.append(c);
    }
    if (b.length() != RELEASE_CODE_LENGTH) {
      throw new IllegalArgumentException(
          "a release code has " + RELEASE_CODE_LENGTH + " characters, got " + b.length());
    }
    return b.toString();
  }

  /** The additional authenticated data of a session's package content. */
  public static byte[] aad(String sessionId) {
    return (SCHEME + "|" + Objects.requireNonNull(sessionId, "sessionId"))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The additional authenticated data of a session's wrapped package key. */
  public static byte[] wrapAad(String sessionId) {
    return ("exam-package-key-wrap/1|" + Objects.requireNonNull(sessionId, "sessionId"))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The 32-byte key a release code derives (scrypt); costs about 32 MiB and some milliseconds. */
  public static byte[] releaseCodeKey(String releaseCode, byte[] salt) {
    byte[] code = normaliseReleaseCode(releaseCode).getBytes(StandardCharsets.US_ASCII);
    return SCrypt.generate(code, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES);
  }

  /** Encrypts with AES-256-GCM under a fresh random IV. */
  public static Sealed encrypt(byte[] key, byte[] aad, byte[] plaintext, SecureRandom random) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv);
      cipher.updateAAD(aad);
      return new Sealed(iv, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available", e);
    }
  }

  /**
   * Decrypts and authenticates.
   *
   * @throws IllegalArgumentException when the key is wrong or the ciphertext, IV or AAD was changed
   *     (the tag does not verify)
   */
  public static byte[] decrypt(byte[] key, byte[] aad, byte[] iv, byte[] ciphertext) {
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv);
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "wrong key, or the package was changed (AES-GCM tag does not verify)");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot decrypt: " + e.getMessage(), e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    return cipher;
  }
}
