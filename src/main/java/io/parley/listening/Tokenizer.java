package io.parley.listening;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits post and query text into terms; the matcher, the oracle and the query parser all use it,
 * so a query term and a post term are folded the same way.
 *
 * <ul>
 *   <li>Words are runs of letters and digits; an apostrophe inside a word is dropped ({@code don't}
 *       → {@code dont}); any other character separates words ({@code t-shirt} → {@code t}, {@code
 *       shirt}). Chinese and Japanese characters are one term each.
 *   <li>Case-insensitive and accent-insensitive: {@code Café} → {@code cafe}, {@code Straße} →
 *       {@code strasse}, full-width letters become ASCII (Unicode NFKD, marks removed).
 *   <li>{@code #hashtag} and {@code @mention} are terms with their sigil
 *       ({@code @alice.bsky.social} keeps its dots); an {@code @} inside a word (an e-mail address)
 *       is a separator.
 *   <li>Every emoji is a term of its own; skin tones, variation selectors and zero-width joiners
 *       are dropped ({@code 👍🏽} → {@code 👍}); a flag (two regional indicators) is one term.
 *   <li>Links are not terms: they only set {@link TokenizedText#hasLink()}.
 * </ul>
 */
public final class Tokenizer {

  private Tokenizer() {}

  public static TokenizedText tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    boolean link = false;
    boolean question = false;
    int n = text.length();
    int i = 0;
    StringBuilder word = new StringBuilder();
    while (i < n) {
      char ch = text.charAt(i);
      if (ch < 0x80 && !isWordChar(ch) && ch != '#' && ch != '@' && ch != '?') {
        i++; // spaces and ASCII punctuation: nothing below applies to them
        continue;
      }
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      boolean atWordStart = i == 0 || !isWordChar(text.codePointBefore(i));
      if (atWordStart && startsLink(text, i)) {
        link = true;
        while (i < n && !Character.isWhitespace(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
        continue;
      }
      if (cp == '?' || cp == '¿' || cp == '？' || cp == '؟') {
        question = true;
        i += len;
        continue;
      }
      if ((cp == '#' || cp == '@' || cp == '＃' || cp == '＠')
          && atWordStart
          && i + len < n
          && isWordChar(text.codePointAt(i + len))
          && !isIdeograph(text.codePointAt(i + len))) {
        boolean mention = cp == '@' || cp == '＠';
        int j = i + len;
        word.setLength(0);
        while (j < n) {
          int c = text.codePointAt(j);
          int cl = Character.charCount(c);
          if (isWordChar(c) || c == '_') {
            word.appendCodePoint(c);
            j += cl;
          } else if (mention
              && (c == '.' || c == '-')
              && j + cl < n
              && isWordChar(text.codePointAt(j + cl))) {
            word.appendCodePoint(c);
            j += cl;
          } else {
            break;
          }
        }
        String folded = fold(word);
        if (!folded.isEmpty()) {
          tokens.add(
              new Token(
                  (mention ? "@" : "#") + folded,
                  mention ? Token.Kind.MENTION : Token.Kind.HASHTAG,
                  tokens.size(),
                  i,
                  j));
        }
        i = j;
        continue;
      }
      if (isIdeograph(cp)) {
        tokens.add(
            new Token(
                new String(Character.toChars(cp)), Token.Kind.WORD, tokens.size(), i, i + len));
        i += len;
        continue;
      }
      if (isWordChar(cp)) {
        int j = i;
        word.setLength(0);
        boolean ascii = true;
        while (j < n) {
          char a = text.charAt(j);
          if (a < 0x80) {
            if (isWordChar(a)) {
              // lower-cased here: folding a word that stays ASCII is then just toString()
              word.append(a >= 'A' && a <= 'Z' ? (char) (a + 32) : a);
              j++;
              continue;
            }
            if (a != '\'') {
              break;
            }
          }
          int c = text.codePointAt(j);
          int cl = Character.charCount(c);
          if (isIdeograph(c)) {
            break;
          }
          if (isWordChar(c)) {
            ascii = false;
            word.appendCodePoint(c);
            j += cl;
          } else if ((c == '\'' || c == '’')
              && j + cl < n
              && Character.isLetterOrDigit(text.codePointAt(j + cl))
              && !isIdeograph(text.codePointAt(j + cl))) {
            j += cl; // don't → dont
          } else {
            break;
          }
        }
        String folded = ascii ? word.toString() : fold(word);
        if (!folded.isEmpty()) {
          tokens.add(new Token(folded, Token.Kind.WORD, tokens.size(), i, j));
        }
        i = j;
        continue;
      }
      if (isRegionalIndicator(cp)
          && i + len < n
          && isRegionalIndicator(text.codePointAt(i + len))) {
        int second = text.codePointAt(i + len);
        String flag = new String(Character.toChars(cp)) + new String(Character.toChars(second));
        tokens.add(
            new Token(
                flag, Token.Kind.EMOJI, tokens.size(), i, i + len + Character.charCount(second)));
        i += len + Character.charCount(second);
        continue;
      }
      if (isEmoji(cp)) {
        tokens.add(
            new Token(
                new String(Character.toChars(cp)), Token.Kind.EMOJI, tokens.size(), i, i + len));
      }
      i += len;
    }
    return new TokenizedText(tokens, link, question);
  }

  /** Folds one piece of text the way terms are folded (lower case, no accents). */
  static String fold(CharSequence raw) {
    boolean ascii = true;
    for (int k = 0; k < raw.length(); k++) {
      if (raw.charAt(k) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return raw.toString().toLowerCase(Locale.ROOT);
    }
    String latin = foldLatin(raw);
    if (latin != null) {
      return latin;
    }
    return foldSlowly(raw);
  }

  /** Folded forms of U+0000..U+024F (Latin-1 and Latin Extended), computed once. */
  private static final String[] LATIN = new String[0x250];

  static {
    for (char c = 0; c < LATIN.length; c++) {
      LATIN[c] = foldSlowly(String.valueOf(c));
    }
  }

  private static String foldLatin(CharSequence raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int k = 0; k < raw.length(); k++) {
      char c = raw.charAt(k);
      if (c >= LATIN.length) {
        return null;
      }
      if (c < 0x80) {
        out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      } else {
        out.append(LATIN[c]);
      }
    }
    return out.toString();
  }

  private static String foldSlowly(CharSequence raw) {
    String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int k = 0; k < decomposed.length(); ) {
      int c = decomposed.codePointAt(k);
      k += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK
          || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || type == Character.FORMAT) {
        continue;
      }
      switch (Character.toLowerCase(c)) {
        case 'ß' -> out.append("ss");
        case 'æ' -> out.append("ae");
        case 'œ' -> out.append("oe");
        case 'ø' -> out.append('o');
        case 'ł' -> out.append('l');
        case 'đ' -> out.append('d');
        case 'ð' -> out.append('d');
        case 'þ' -> out.append("th");
        case 'ı' -> out.append('i');
        default -> out.appendCodePoint(Character.toLowerCase(c));
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isWordChar(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isIdeograph(int cp) {
    if (cp < 0x2E80) {
      return false; // below the CJK blocks: skip the script lookup
    }
    if (Character.isIdeographic(cp)) {
      return true;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  private static boolean isEmoji(int cp) {
    if (cp < 0x80) {
      return false; // no ASCII character is a symbol of type So
    }
    if (cp >= 0x1F3FB && cp <= 0x1F3FF) {
      return false; // skin tone modifiers
    }
    int type = Character.getType(cp);
    return type == Character.OTHER_SYMBOL
        || (cp >= 0x1F000 && cp <= 0x1FAFF && type != Character.UNASSIGNED);
  }

  private static boolean startsLink(String text, int i) {
    char c = text.charAt(i);
    if (c != 'h' && c != 'H' && c != 'w' && c != 'W') {
      return false;
    }
    return text.regionMatches(true, i, "http://", 0, 7)
        || text.regionMatches(true, i, "https://", 0, 8)
        || text.regionMatches(true, i, "www.", 0, 4);
  }
}
