package io.parley.routing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule's regular expression with guards against catastrophic backtracking: the pattern is at most
 * {@value #MAX_PATTERN} characters, only the first {@value #MAX_TEXT} characters of a text are
 * searched, and a search gives up (no match) after {@value #MAX_STEPS} character reads — a bound on
 * work rather than on wall-clock time, so it is the same on every machine.
 */
public final class GuardedRegex {

  static final int MAX_PATTERN = 500;
  static final int MAX_TEXT = 10_000;
  static final long MAX_STEPS = 2_000_000;

  private final Pattern pattern;

  private GuardedRegex(Pattern pattern) {
    this.pattern = pattern;
  }

  /** Compiles case-insensitively; a clear {@link IllegalArgumentException} when invalid. */
  public static GuardedRegex compile(String regex) {
    if (regex.length() > MAX_PATTERN) {
      throw new IllegalArgumentException(
          "Regular expression is longer than " + MAX_PATTERN + " characters");
    }
    try {
      return new GuardedRegex(
          Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "Invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
    }
  }

  /** Whether the pattern occurs in the text; false when the search ran out of steps. */
  public boolean find(String text) {
    String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    Matcher m = pattern.matcher(new Budgeted(bounded));
    try {
      return m.find();
    } catch (OutOfSteps e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }

  private static final class OutOfSteps extends RuntimeException {
    OutOfSteps() {
      super(null, null, false, false);
    }
  }

  /** Counts every character read the regex engine makes. */
  private static final class Budgeted implements CharSequence {
    private final String text;
    private final long[] steps;

    Budgeted(String text) {
      this(text, new long[1]);
    }

    private Budgeted(String text, long[] steps) {
      this.text = text;
      this.steps = steps;
    }

    @Override
    public char charAt(int index) {
      if (++steps[0] > MAX_STEPS) {
        throw new OutOfSteps();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.substring(start, end), steps);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
