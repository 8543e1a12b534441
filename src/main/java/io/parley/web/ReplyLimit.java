package io.parley.web;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.Locale;

/**
 * The longest reply a network accepts, counted the way that network counts. The browser counts the
 * same way (static/js/inbox.js) so the counter and the server agree.
 *
 * @param unit "characters" (code points), "graphemes" (what a person sees as one) or "bytes"
 */
record ReplyLimit(int max, String unit) {

  ReplyLimit {
    unit = unit == null ? "characters" : unit.toLowerCase(Locale.ROOT);
  }

  int length(String text) {
    return switch (unit) {
      case "bytes" -> text.getBytes(StandardCharsets.UTF_8).length;
      case "graphemes" -> graphemes(text);
      default -> text.codePointCount(0, text.length());
    };
  }

  boolean allows(String text) {
    return length(text) <= max;
  }

  private static int graphemes(String text) {
    BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    int count = 0;
    while (it.next() != BreakIterator.DONE) {
      count++;
    }
    return count;
  }
}
