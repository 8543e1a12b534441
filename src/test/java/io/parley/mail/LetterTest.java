package io.parley.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Header values stay on one line, recipients are one plain address, HTML text is inert. */
class LetterTest {

  @Test
  void headerValuesLoseEveryLineBreak() {
    var letter =
        new Letter(
            "ada@example.test",
            "Ada\r\nBcc: eve@example.test",
            "Hi\r\nX-Injected: yes\u2028\u0085\tthere",
            "text",
            "<p>html</p>");
    assertThat(letter.subject()).isEqualTo("Hi X-Injected: yes there");
    assertThat(letter.toName()).isEqualTo("Ada Bcc: eve@example.test");
    assertThat(Letter.oneLine("x".repeat(300), 200)).hasSize(200).endsWith("…");
  }

  @Test
  void aRecipientIsExactlyOnePlainAddress() {
    assertThat(Letter.address(" ada@example.test ")).isEqualTo("ada@example.test");
    for (String bad :
        new String[] {
          "ada@example.test\r\nBcc: eve@example.test",
          "ada@example.test, eve@example.test",
          "Ada <ada@example.test>",
          "ada@example.test\nX: y",
          "",
          "not an address"
        }) {
      assertThatThrownBy(() -> Letter.address(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void htmlTextIsEscaped() {
    assertThat(Letter.escape("<script>a&b</script>\"'"))
        .isEqualTo("&lt;script&gt;a&amp;b&lt;/script&gt;&quot;&#39;");
    assertThat(Letter.page("<b>", "<p>ok</p>", "Go", "https://x.test/?a=1&b=<2>"))
        .contains("<h1 style=\"font-size: 20px; margin: 0 0 16px;\">&lt;b&gt;</h1>")
        .contains("href=\"https://x.test/?a=1&amp;b=&lt;2&gt;\"");
  }
}
