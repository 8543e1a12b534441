package io.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlaCalendarTest {

  static final SlaCalendar OFFICE =
      SlaCalendar.of(BusinessHours.parse("Europe/Berlin MON-FRI 09:00-18:00"), Set.of());

  @Test
  void wallTimeCountsEveryMoment() {
    Instant t = Instant.parse("2026-11-06T16:30:00Z");
    assertThat(SlaCalendar.ALWAYS.plus(t, Duration.ofHours(2))).isEqualTo(t.plusSeconds(7200));
    assertThat(SlaCalendar.ALWAYS.between(t, t.plusSeconds(60))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void twoHoursAtHalfPastFiveOnFridayAreDueMondayAtHalfPastTen() {
    Instant friday = Instant.parse("2026-11-06T16:30:00Z"); // 17:30 in Berlin
    assertThat(OFFICE.plus(friday, Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-11-09T09:30:00Z"));
    assertThat(OFFICE.between(friday, Instant.parse("2026-11-09T09:30:00Z")))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void holidaysAreSkipped() {
    var withHoliday = SlaCalendar.of(OFFICE.hours(), Set.of(LocalDate.parse("2026-11-09")));
    assertThat(withHoliday.plus(Instant.parse("2026-11-06T16:30:00Z"), Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-11-10T09:30:00Z"));
  }

  @Test
  void startingBeforeOpeningCountsFromTheOpening() {
    Instant night = Instant.parse("2026-11-03T03:00:00Z"); // Tuesday 04:00 in Berlin
    assertThat(OFFICE.plus(night, Duration.ofMinutes(30)))
        .isEqualTo(Instant.parse("2026-11-03T08:30:00Z"));
  }

  @Test
  void summerTimeChangesTheLengthOfTheNightNotTheArithmetic() {
    var nights = SlaCalendar.of(BusinessHours.parse("Europe/Berlin SUN 00:30-05:00"), Set.of());
    // 25 Oct 2026: 03:00 summer time becomes 02:00; the opening lasts 5.5 real hours
    Instant autumnOpen = Instant.parse("2026-10-24T22:30:00Z");
    assertThat(nights.between(autumnOpen, autumnOpen.plus(Duration.ofDays(1))))
        .isEqualTo(Duration.ofMinutes(330));
    assertThat(nights.plus(autumnOpen, Duration.ofHours(5)))
        .isEqualTo(Instant.parse("2026-10-25T03:30:00Z")); // 04:30 winter time
    // 29 Mar 2026: 02:00 becomes 03:00; 3.5 real hours
    Instant springOpen = Instant.parse("2026-03-28T23:30:00Z");
    assertThat(nights.between(springOpen, springOpen.plus(Duration.ofDays(1))))
        .isEqualTo(Duration.ofMinutes(210));
    assertThat(nights.plus(springOpen, Duration.ofHours(4)))
        .as("the last half hour spills over to the next Sunday")
        .isEqualTo(Instant.parse("2026-04-04T23:00:00Z"));
  }

  @Test
  void hoursAcrossMidnightCountOnTheDayTheyStart() {
    var late = SlaCalendar.of(BusinessHours.parse("UTC FRI 22:00-02:00"), Set.of());
    assertThat(late.plus(Instant.parse("2026-11-06T12:00:00Z"), Duration.ofHours(3)))
        .isEqualTo(Instant.parse("2026-11-07T01:00:00Z"));
    var friHoliday = SlaCalendar.of(late.hours(), Set.of(LocalDate.parse("2026-11-06")));
    assertThat(friHoliday.plus(Instant.parse("2026-11-06T12:00:00Z"), Duration.ofHours(3)))
        .isEqualTo(Instant.parse("2026-11-14T01:00:00Z"));
  }

  @Test
  void aPauseMovesTheDueTimeByTheCountedTimeItTook() {
    Instant due = Instant.parse("2026-11-02T12:00:00Z"); // Monday 13:00 Berlin
    Instant paused = Instant.parse("2026-11-02T10:00:00Z");
    // resumed an hour later: due an hour later
    assertThat(OFFICE.resumed(due, paused, paused.plusSeconds(3600)))
        .isEqualTo(due.plusSeconds(3600));
    // resumed at night: the two hours left count from Tuesday's opening
    assertThat(OFFICE.resumed(due, paused, Instant.parse("2026-11-02T20:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
    assertThat(OFFICE.resumed(due, due.plusSeconds(1), due.plusSeconds(7200)))
        .as("already overdue when paused")
        .isEqualTo(due);
  }

  @Test
  void closedCalendarsAreRefused() {
    assertThatThrownBy(
            () ->
                SlaCalendar.of(
                    new BusinessHours(
                        java.time.ZoneOffset.UTC,
                        Set.of(),
                        java.time.LocalTime.NOON,
                        java.time.LocalTime.MIDNIGHT),
                    Set.of()))
        .hasMessageContaining("at least one day");
  }

  /** Property checks over random starts, targets and pauses on several calendars. */
  @Test
  void dueTimesBehave() {
    List<SlaCalendar> calendars =
        List.of(
            SlaCalendar.ALWAYS,
            OFFICE,
            SlaCalendar.of(
                BusinessHours.parse("America/New_York MON,WED,FRI 08:30-12:00"),
                Set.of(LocalDate.parse("2026-11-11"), LocalDate.parse("2026-03-09"))),
            SlaCalendar.of(BusinessHours.parse("Europe/Berlin SAT,SUN 22:00-03:30"), Set.of()),
            SlaCalendar.of(
                BusinessHours.parse("Australia/Lord_Howe MON-SUN 01:45-02:15"), Set.of()));
    Random random = new Random(42);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 3000; i++) {
      SlaCalendar c = calendars.get(random.nextInt(calendars.size()));
      Instant start = base.plusSeconds(random.nextInt(365 * 24 * 3600));
      Duration target = Duration.ofMinutes(1 + random.nextInt(3000));
      Duration longer = target.plusMinutes(random.nextInt(600));
      Instant due = c.plus(start, target);
      assertThat(due).as("due ≥ start").isAfterOrEqualTo(start);
      assertThat(c.plus(start, longer)).as("monotonic in target").isAfterOrEqualTo(due);
      assertThat(c.between(start, due)).as("counts exactly the target").isEqualTo(target);
      Instant pausedAt = start.plusSeconds(random.nextInt(3 * 24 * 3600));
      Instant resumedAt = pausedAt.plusSeconds(random.nextInt(5 * 24 * 3600));
      Instant moved = c.resumed(due, pausedAt, resumedAt);
      assertThat(moved).as("a pause never makes it earlier").isAfterOrEqualTo(due);
      if (due.isAfter(pausedAt) && !c.between(pausedAt, due).isZero()) {
        assertThat(c.between(resumedAt, moved))
            .as("what was left when paused is left when resumed")
            .isEqualTo(c.between(pausedAt, due));
      }
    }
  }
}
