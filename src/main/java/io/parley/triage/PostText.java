package io.parley.triage;

import java.util.regex.Pattern;

/** Normalizes post text before scoring: BOMs, HTML line breaks and the common HTML entities. */
final class PostText {

  private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");

  private PostText() {}

  static String clean(String text) {
    if (text == null) {
      return "";
    }
    String t = text.replace("\uFEFF", "");
    if (t.indexOf('<') >= 0) {
      t = BREAK.matcher(t).replaceAll(" ");
    }
    if (t.indexOf('&') >= 0) {
      t =
          t.replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&quot;", "\"")
              .replace("&#39;", "'")
              .replace("&#039;", "'")
              .replace("&apos;", "'")
              .replace("&amp;", "&");
    }
    return t.strip();
  }
}
