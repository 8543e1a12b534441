package io.parley.routing;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The time an SLA clock counts: every moment ({@link #ALWAYS}) or only inside business hours, minus
 * holidays (dates in the hours' time zone; a holiday closes the opening that starts on that date).
 * Pure arithmetic on instants, so summer time is handled by the zone rules: a day that loses an
 * hour simply has one business hour less.
 */
public record SlaCalendar(BusinessHours hours, SortedSet<LocalDate> holidays) {

  /** Wall time: the clock counts every moment, holidays included. */
  public static final SlaCalendar ALWAYS = new SlaCalendar(null, new TreeSet<>());

  // a calendar must open at least once in this many days, or no due time can be found
  private static final int SEARCH_DAYS = 800;

  public SlaCalendar {
    holidays = new TreeSet<>(holidays);
    if (hours != null && hours.days().isEmpty()) {
      throw new IllegalArgumentException("Business hours need at least one day");
    }
  }

  public static SlaCalendar of(BusinessHours hours, Set<LocalDate> holidays) {
    return new SlaCalendar(hours, new TreeSet<>(holidays));
  }

  /** The moment {@code target} of counted time has passed after {@code start}. */
  public Instant plus(Instant start, Duration target) {
    if (hours == null) {
      return start.plus(target);
    }
    Duration remaining = target;
    LocalDate day = start.atZone(hours.zone()).toLocalDate().minusDays(1); // opening from yesterday
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
      Instant[] open = opening(day);
      if (open == null || !open[1].isAfter(start)) {
        continue;
      }
      Instant from = open[0].isAfter(start) ? open[0] : start;
      Duration available = Duration.between(from, open[1]);
      if (remaining.compareTo(available) <= 0) {
        return from.plus(remaining);
      }
      remaining = remaining.minus(available);
    }
    throw new IllegalStateException("Business hours never open: " + hours);
  }

  /** Counted time between two instants (zero when {@code to} is not after {@code from}). */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    if (hours == null) {
      return Duration.between(from, to);
    }
    Duration sum = Duration.ZERO;
    LocalDate day = from.atZone(hours.zone()).toLocalDate().minusDays(1);
    LocalDate last = to.atZone(hours.zone()).toLocalDate();
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      Instant[] open = opening(day);
      if (open == null) {
        continue;
      }
      Instant a = open[0].isAfter(from) ? open[0] : from;
      Instant b = open[1].isBefore(to) ? open[1] : to;
      if (b.isAfter(a)) {
        sum = sum.plus(Duration.between(a, b));
      }
    }
    return sum;
  }

  /**
   * Where a time ({@code due} or a warning) lands when a pause from {@code pausedAt} ends at {@code
   * resumedAt}: the counted time it still had left then counts from the resume. A time already past
   * when the pause began stays; a pause never makes anything earlier.
   */
  public Instant resumed(Instant at, Instant pausedAt, Instant resumedAt) {
    if (!at.isAfter(pausedAt) || !resumedAt.isAfter(pausedAt)) {
      return at;
    }
    Instant moved = plus(resumedAt, between(pausedAt, at));
    return moved.isAfter(at) ? moved : at;
  }

  /** The opening that starts on {@code day}, as [open, close), or null when closed that day. */
  private Instant[] opening(LocalDate day) {
    DayOfWeek w = day.getDayOfWeek();
    if (!hours.days().contains(w) || holidays.contains(day)) {
      return null;
    }
    // ZonedDateTime.of moves a time in a summer-time gap forward and takes the earlier offset in
    // an overlap, so the opening is always a real interval
    Instant open = ZonedDateTime.of(day, hours.from(), hours.zone()).toInstant();
    LocalDate closeDay = hours.to().isAfter(hours.from()) ? day : day.plusDays(1);
    Instant close = ZonedDateTime.of(closeDay, hours.to(), hours.zone()).toInstant();
    return close.isAfter(open) ? new Instant[] {open, close} : null;
  }
}
