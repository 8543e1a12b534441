package io.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

  @Test
  void weekdayHoursInTheirTimeZone() {
    var h = BusinessHours.parse("Europe/Berlin MON-FRI 09:00-17:00");
    assertThat(h.contains(Instant.parse("2026-11-02T08:00:00Z"))).isTrue(); // Mon 09:00 CET
    assertThat(h.contains(Instant.parse("2026-11-02T07:59:59Z"))).isFalse();
    assertThat(h.contains(Instant.parse("2026-11-02T16:00:00Z"))).as("end exclusive").isFalse();
    assertThat(h.contains(Instant.parse("2026-11-07T10:00:00Z"))).as("Saturday").isFalse();
    // summer time: 09:00 in Berlin is 07:00 UTC
    assertThat(h.contains(Instant.parse("2026-07-06T07:00:00Z"))).isTrue();
  }

  @Test
  void hoursAcrossMidnightBelongToTheDayTheyStart() {
    var h = BusinessHours.parse("UTC FRI 22:00-02:00");
    assertThat(h.contains(Instant.parse("2026-11-06T23:00:00Z"))).isTrue(); // Friday night
    assertThat(h.contains(Instant.parse("2026-11-07T01:00:00Z"))).isTrue(); // early Saturday
    assertThat(h.contains(Instant.parse("2026-11-08T01:00:00Z"))).isFalse(); // early Sunday
  }

  @Test
  void writtenFormRoundTripsAndBadInputIsExplained() {
    var h = BusinessHours.parse("America/New_York mon,wed,fri 08:30-12:00");
    assertThat(BusinessHours.parse(h.toString())).isEqualTo(h);
    assertThatThrownBy(() -> BusinessHours.parse("Mars/Base MON 09:00-10:00"))
        .hasMessageContaining("Unknown time zone");
    assertThatThrownBy(() -> BusinessHours.parse("UTC XYZ 09:00-10:00"))
        .hasMessageContaining("Unknown day");
    assertThatThrownBy(() -> BusinessHours.parse("UTC MON 9-10")).hasMessageContaining("Bad time");
  }
}
