package io.parley.listening;

/**
 * One term of a post or a query, as the {@link Tokenizer} produced it.
 *
 * @param term the folded term: lower case, accents removed; hashtags keep their {@code #}, mentions
 *     their {@code @}
 * @param kind what the term was in the text
 * @param position index of the token in its text (0, 1, 2, …), used by phrases and NEAR
 * @param start where the token begins in the original text (a char index, sigil included)
 * @param end where it ends (exclusive); {@code text.substring(start, end)} is what was written, so
 *     a page can highlight a match without rebuilding the text
 */
public record Token(String term, Kind kind, int position, int start, int end) {

  /** What a token was in the text. */
  public enum Kind {
    WORD,
    HASHTAG,
    MENTION,
    EMOJI
  }

  /**
   * The term without its sigil for hashtags and mentions ({@code #outfit} → {@code outfit}), null
   * for other tokens. A query word matches a hashtag or mention with the same text.
   */
  public String bare() {
    return kind == Kind.HASHTAG || kind == Kind.MENTION ? term.substring(1) : null;
  }

  /** Whether a query word or phrase part {@code word} matches this token. */
  boolean matches(String word) {
    return term.equals(word) || (bare() != null && bare().equals(word));
  }

  /** Whether a query wildcard {@code prefix*} matches this token. */
  boolean matchesPrefix(String prefix) {
    String bare = bare();
    return term.startsWith(prefix) || (bare != null && bare.startsWith(prefix));
  }
}
