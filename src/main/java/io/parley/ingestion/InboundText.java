package io.parley.ingestion;

/**
 * Makes network text storable everywhere: PostgreSQL refuses NUL, and broken UTF-16 (a lone
 * surrogate from a bad decoder) would fail later in rendering or search. Nothing else is changed:
 * markup stays as typed and is escaped when shown.
 */
final class InboundText {

  private InboundText() {}

  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = null;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          if (out != null) {
            out.append(c).append(text.charAt(i + 1));
          }
          i++;
          continue;
        }
        replacement = "\uFFFD";
      } else if (Character.isLowSurrogate(c)) {
        replacement = "\uFFFD";
      } else if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        replacement = "";
      }
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
