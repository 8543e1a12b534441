package io.parley.channels.mastodon;

import io.parley.channels.InboundItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a status's {@code content} HTML into plain text plus mention, hashtag and link entities.
 * Mastodon sends a small, sanitized HTML subset ({@code p}, {@code br}, {@code a}, {@code span});
 * everything else is dropped as markup, and text is never interpreted as HTML again afterwards.
 * Character references are decoded; unknown ones are kept literally.
 */
final class StatusHtml {

  private static final Map<String, String> NAMED =
      Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "#39", "'");

  private StatusHtml() {}

  /** Plain text with entities; {@code mentionAccts} maps a mention's profile URL to its acct. */
  static Parsed parse(String html, Map<String, String> mentionAccts) {
    StringBuilder text = new StringBuilder();
    List<InboundItem.Entity> entities = new ArrayList<>();
    if (html == null) {
      return new Parsed("", entities);
    }
    String href = null;
    String anchorClass = "";
    int anchorStart = -1;
    int i = 0;
    int paragraphs = 0;
    while (i < html.length()) {
      char c = html.charAt(i);
      if (c == '<') {
        int end = html.indexOf('>', i);
        char after = i + 1 < html.length() ? html.charAt(i + 1) : ' ';
        if (end < 0 || !(Character.isLetter(after) || after == '/' || after == '!')) {
          // a lone '<' is text
          text.append(c);
          i++;
          continue;
        }
        String tag = html.substring(i + 1, end).trim();
        String name = tagName(tag);
        switch (name) {
          case "br", "br/" -> text.append('\n');
          case "p" -> {
            if (paragraphs++ > 0) {
              text.append("\n\n");
            }
          }
          case "a" -> {
            href = attribute(tag, "href");
            anchorClass = attribute(tag, "class");
            anchorClass = anchorClass == null ? "" : anchorClass;
            anchorStart = text.length();
          }
          case "/a" -> {
            if (anchorStart >= 0 && text.length() > anchorStart) {
              entities.add(
                  entity(
                      text.substring(anchorStart),
                      anchorStart,
                      text.length(),
                      href,
                      anchorClass,
                      mentionAccts));
            }
            href = null;
            anchorStart = -1;
          }
          default -> {
            // other markup (span, /p, unknown tags) carries no text
          }
        }
        i = end + 1;
      } else if (c == '&') {
        int semi = html.indexOf(';', i);
        String decoded = semi > i && semi - i <= 10 ? decode(html.substring(i + 1, semi)) : null;
        if (decoded == null) {
          text.append(c);
          i++;
        } else {
          text.append(decoded);
          i = semi + 1;
        }
      } else {
        text.append(c);
        i++;
      }
    }
    // Mastodon-API servers often end content with a <br>: trailing blank lines are no content
    int length = text.length();
    while (length > 0 && Character.isWhitespace(text.charAt(length - 1))) {
      length--;
    }
    text.setLength(length);
    int kept = length;
    List<InboundItem.Entity> inText = entities.stream().filter(e -> e.end() <= kept).toList();
    return new Parsed(text.toString(), inText);
  }

  private static InboundItem.Entity entity(
      String shown,
      int start,
      int end,
      String href,
      String anchorClass,
      Map<String, String> mentionAccts) {
    List<String> classes = List.of(anchorClass.toLowerCase(Locale.ROOT).split("\\s+"));
    if (classes.contains("hashtag") || shown.startsWith("#")) {
      return new InboundItem.Entity("hashtag", start, end, shown.replaceFirst("^#", ""));
    }
    if (classes.contains("mention") || shown.startsWith("@")) {
      String acct = href == null ? null : mentionAccts.get(href);
      return new InboundItem.Entity(
          "mention", start, end, acct != null ? acct : shown.replaceFirst("^@", ""));
    }
    return new InboundItem.Entity("link", start, end, href != null ? href : shown);
  }

  private static String tagName(String tag) {
    int space = 0;
    while (space < tag.length() && !Character.isWhitespace(tag.charAt(space))) {
      space++;
    }
    return tag.substring(0, space).toLowerCase(Locale.ROOT);
  }

  /** The value of a quoted attribute, decoded; null when absent. */
  static String attribute(String tag, String attribute) {
    String lower = tag.toLowerCase(Locale.ROOT);
    int at = 0;
    while ((at = lower.indexOf(attribute + "=", at)) >= 0) {
      boolean boundary = at > 0 && Character.isWhitespace(lower.charAt(at - 1));
      int valueStart = at + attribute.length() + 1;
      if (boundary && valueStart < tag.length()) {
        char quote = tag.charAt(valueStart);
        if (quote == '"' || quote == '\'') {
          int close = tag.indexOf(quote, valueStart + 1);
          if (close > valueStart) {
            return decodeAll(tag.substring(valueStart + 1, close));
          }
        }
      }
      at = valueStart;
    }
    return null;
  }

  private static String decodeAll(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int semi = s.indexOf(';', i);
      if (s.charAt(i) == '&' && semi > i && semi - i <= 10) {
        String decoded = decode(s.substring(i + 1, semi));
        if (decoded != null) {
          out.append(decoded);
          i = semi + 1;
          continue;
        }
      }
      out.append(s.charAt(i++));
    }
    return out.toString();
  }

  private static String decode(String reference) {
    String named = NAMED.get(reference.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    try {
      int codePoint;
      if (reference.startsWith("#x") || reference.startsWith("#X")) {
        codePoint = Integer.parseInt(reference.substring(2), 16);
      } else if (reference.startsWith("#")) {
        codePoint = Integer.parseInt(reference.substring(1));
      } else {
        return null;
      }
      if (!Character.isValidCodePoint(codePoint) || codePoint == 0) {
        return "\uFFFD";
      }
      return Character.toString(codePoint);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  record Parsed(String text, List<InboundItem.Entity> entities) {}
}
