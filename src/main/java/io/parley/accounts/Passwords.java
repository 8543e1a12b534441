package io.parley.accounts;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Changing one's own password: the rules a new password must meet, the bcrypt hash, and retiring
 * the generated first-run login once its owner has chosen a password of their own.
 */
@Service
public class Passwords {

  public static final int MIN_LENGTH = 12;

  /** bcrypt reads at most 72 bytes; Spring's encoder refuses longer input rather than cut it. */
  public static final int MAX_BYTES = 72;

  private final Users users;
  private final PasswordEncoder encoder;
  private final FirstRun firstRun;

  Passwords(Users users, PasswordEncoder encoder, FirstRun firstRun) {
    this.users = users;
    this.encoder = encoder;
    this.firstRun = firstRun;
  }

  /**
   * Replaces the user's password after checking the current one and the rules for the new one.
   *
   * @throws Refused naming the field at fault and why; nothing is changed then
   */
  public void change(long userId, String current, String next, String repeat) {
    User user = users.byId(userId).orElseThrow(() -> new IllegalArgumentException("No user"));
    if (current == null || current.isEmpty() || !matches(current, user.passwordHash())) {
      throw new Refused(Field.CURRENT, "That is not your current password.");
    }
    next = next == null ? "" : next;
    checkNew(user.email(), next, repeat);
    if (next.equals(current)) {
      throw new Refused(Field.NEXT, "The new password must differ from the current one.");
    }
    users.changePassword(user.id(), encoder.encode(next));
    firstRun.passwordChanged(user.email());
  }

  /**
   * The rules any new password meets (changing one's password, accepting an invitation).
   *
   * @throws Refused naming the field at fault
   */
  public static void checkNew(String email, String next, String repeat) {
    next = next == null ? "" : next;
    if (next.codePointCount(0, next.length()) < MIN_LENGTH) {
      throw new Refused(
          Field.NEXT, "Use at least " + MIN_LENGTH + " characters. A few words work well.");
    }
    if (next.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new Refused(Field.NEXT, "Use at most " + MAX_BYTES + " characters.");
    }
    if (normalized(next).equals(normalized(email))) {
      throw new Refused(Field.NEXT, "Do not use your email address as your password.");
    }
    if (!next.equals(repeat)) {
      throw new Refused(Field.REPEAT, "The two new passwords do not match.");
    }
  }

  private boolean matches(String raw, String hash) {
    try {
      return encoder.matches(raw, hash);
    } catch (IllegalArgumentException tooLongForBcrypt) {
      return false;
    }
  }

  private static String normalized(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
  }

  /** The form field a refusal is about. */
  public enum Field {
    CURRENT,
    NEXT,
    REPEAT
  }

  /** A password change that breaks a rule. The message is meant for the person. */
  public static final class Refused extends RuntimeException {
    private final Field field;

    Refused(Field field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    public Field field() {
      return field;
    }
  }
}
