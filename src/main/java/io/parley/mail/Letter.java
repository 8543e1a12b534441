package io.parley.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.regex.Pattern;

/**
 * One email to one person: a plain-text and an HTML part. Names and texts in it may come from
 * social networks, so the header values are made single-line here (no CR/LF or other control
 * characters can start a header of their own) and the HTML is built only with {@link #escape}.
 */
record Letter(String to, String toName, String subject, String text, String html) {

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

  Letter {
    to = address(to);
    toName = toName == null ? null : oneLine(toName, 100);
    subject = oneLine(subject, 200);
  }

  /** Exactly one plain address, or {@link IllegalArgumentException}: no list, no header tricks. */
  static String address(String to) {
    if (to == null || to.isBlank() || CONTROL.matcher(to).find()) {
      throw new IllegalArgumentException("Not an email address: " + oneLine(to, 100));
    }
    try {
      InternetAddress[] parsed = InternetAddress.parse(to.strip(), true);
      if (parsed.length != 1 || parsed[0].getPersonal() != null) {
        throw new IllegalArgumentException("Not one email address: " + oneLine(to, 100));
      }
      parsed[0].validate();
      return parsed[0].getAddress();
    } catch (AddressException e) {
      throw new IllegalArgumentException("Not an email address: " + oneLine(to, 100), e);
    }
  }

  /** A header value on one line: control characters become spaces, then at most {@code max}. */
  static String oneLine(String s, int max) {
    if (s == null) {
      return "";
    }
    String line = CONTROL.matcher(s).replaceAll(" ").strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /** Text for an HTML part: markup characters become entities. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The simple page every HTML part uses: a heading, paragraphs of escaped text, one button. */
  static String page(String heading, String bodyHtml, String buttonLabel, String link) {
    return """
        <!DOCTYPE html>
        <html><body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5;">
        <div style="max-width: 560px; margin: 0 auto; padding: 24px;">
        <h1 style="font-size: 20px; margin: 0 0 16px;">%s</h1>
        %s
        <p style="margin: 24px 0;"><a href="%s" style="background: #2557d6; color: #fff; \
        padding: 10px 16px; border-radius: 6px; text-decoration: none;">%s</a></p>
        <p style="color: #616e7c; font-size: 13px;">Or open this link: %s</p>
        </div></body></html>
        """
        .formatted(escape(heading), bodyHtml, escape(link), escape(buttonLabel), escape(link));
  }
}
