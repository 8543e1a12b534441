package io.parley.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** How times read in the inbox: short and relative in lists, exact on hover. */
@Component
class TimeLabels {

  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss z", Locale.ENGLISH);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter DAY_YEAR =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private final Clock clock;
  private final ZoneId zone;

  TimeLabels(Clock clock, @Value("${parley.timezone:}") String zone) {
    this.clock = clock;
    this.zone = zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
  }

  /** "now", "4m", "3h", "2d", "12 Mar", "12 Mar 2025". */
  String ago(Instant at) {
    Instant now = clock.instant();
    Duration d = Duration.between(at, now);
    if (d.toSeconds() < 60) {
      return "now";
    }
    if (d.toMinutes() < 60) {
      return d.toMinutes() + "m";
    }
    if (d.toHours() < 24) {
      return d.toHours() + "h";
    }
    if (d.toDays() < 7) {
      return d.toDays() + "d";
    }
    ZonedDateTime local = at.atZone(zone);
    return (local.getYear() == now.atZone(zone).getYear() ? DAY : DAY_YEAR).format(local);
  }

  /** "14:05" today, "12 Mar, 14:05" otherwise. */
  String when(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime today = clock.instant().atZone(zone).truncatedTo(ChronoUnit.DAYS);
    if (!local.isBefore(today)) {
      return CLOCK.format(local);
    }
    return (local.getYear() == today.getYear() ? DAY : DAY_YEAR).format(local)
        + ", "
        + CLOCK.format(local);
  }

  /** A day, past or future: "12 Mar" this year, "12 Mar 2027" otherwise. */
  String day(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    boolean thisYear = local.getYear() == clock.instant().atZone(zone).getYear();
    return (thisYear ? DAY : DAY_YEAR).format(local);
  }

  String full(Instant at) {
    return FULL.format(at.atZone(zone));
  }
}
