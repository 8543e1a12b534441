package io.parley.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lingua restricted to the configured languages, with "unknown" below the confidence. */
class LanguagesTest {

  @Test
  void languagesAreRestrictedToTheConfiguredSet() {
    Languages two = new Languages(List.of("en", "de"), 0.5);
    assertThat(two.detect("Das ist wirklich ein sehr schöner Tag heute").code()).isEqualTo("de");
    assertThat(two.detect("").code()).isEqualTo(Languages.UNKNOWN);
    assertThatThrownBy(() -> new Languages(List.of("en", "xx"), 0.5)).hasMessageContaining("xx");
  }

  @Test
  void lowConfidenceIsUnknown() {
    Languages languages = Languages.defaults();
    assertThat(languages.detect("ok").code()).isEqualTo(Languages.UNKNOWN);
    assertThat(languages.detect("@someone #tbt https://example.com/x").code())
        .isEqualTo(Languages.UNKNOWN);
    assertThat(languages.detect("Where can I buy the new jacket in your Boston store?").code())
        .isEqualTo("en");
    assertThat(languages.detect("Meine Bestellung ist immer noch nicht da.").code())
        .isEqualTo("de");
  }
}
