package io.parley.conversations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of an inbox search box: every term must match. A term is one word, or several in double
 * quotes that must follow each other (a phrase). Words without a letter or digit are dropped: the
 * full-text index holds no punctuation, and dropping them keeps H2 and PostgreSQL alike.
 *
 * @param terms lower-case; each a word or a phrase's words; at most {@link #MAX_TERMS}
 */
record SearchTerms(List<List<String>> terms) {

  /** Enough for any real search; bounds the SQL a pasted paragraph would build. */
  static final int MAX_TERMS = 8;

  SearchTerms {
    terms = terms.stream().map(List::copyOf).toList();
  }

  static SearchTerms parse(String text) {
    List<List<String>> terms = new ArrayList<>();
    if (text == null) {
      return new SearchTerms(terms);
    }
    String s = text.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < s.length() && terms.size() < MAX_TERMS) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '"') {
        int end = s.indexOf('"', i + 1);
        // An unclosed quote is a phrase being typed: it runs to the end.
        String phrase = s.substring(i + 1, end < 0 ? s.length() : end);
        List<String> words = words(phrase);
        if (!words.isEmpty()) {
          terms.add(words);
        }
        i = end < 0 ? s.length() : end + 1;
      } else {
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '"') {
          end++;
        }
        words(s.substring(i, end)).forEach(w -> terms.add(List.of(w)));
        i = end;
      }
    }
    return new SearchTerms(terms.size() > MAX_TERMS ? terms.subList(0, MAX_TERMS) : terms);
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.trim().split("\\s+")) {
      // "!refund" or "(refund" or "#123": the index keeps words, not what surrounds them
      int from = 0;
      int to = w.length();
      while (from < to && !Character.isLetterOrDigit(w.codePointAt(from))) {
        from += Character.charCount(w.codePointAt(from));
      }
      while (to > from && !Character.isLetterOrDigit(w.codePointBefore(to))) {
        to -= Character.charCount(w.codePointBefore(to));
      }
      if (from < to) {
        words.add(w.substring(from, to));
      }
    }
    return words;
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  /**
   * The terms in PostgreSQL's tsquery syntax: each word quoted (so {@code & | ! : * ( )} in it are
   * plain characters) and a prefix; phrase words joined by {@code <->}, the last one a prefix so a
   * phrase being typed still finds; terms AND-ed. {@code to_tsquery} splits a quoted word the way
   * the index split the text ({@code ada_h} becomes {@code 'ada' <-> 'h'}).
   */
  String tsquery() {
    var sb = new StringBuilder();
    for (List<String> term : terms) {
      if (!sb.isEmpty()) {
        sb.append(" & ");
      }
      sb.append('(');
      for (int w = 0; w < term.size(); w++) {
        if (w > 0) {
          sb.append(" <-> ");
        }
        sb.append('\'').append(term.get(w).replace("\\", "\\\\").replace("'", "''")).append('\'');
        if (term.size() == 1 || w == term.size() - 1) {
          sb.append(":*");
        }
      }
      sb.append(')');
    }
    return sb.toString();
  }

  /**
   * One {@code like} pattern per term for databases without full-text search (H2): a substring of
   * the lower-cased text, a phrase's words separated by one space.
   */
  List<String> likePatterns() {
    return terms.stream().map(t -> "%" + escapeLike(String.join(" ", t)) + "%").toList();
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
