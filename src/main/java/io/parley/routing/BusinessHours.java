package io.parley.routing;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Opening hours in one time zone, written as {@code "Europe/Berlin MON-FRI 09:00-17:00"} (days as a
 * range or a comma list such as {@code MON,WED,FRI}; the end time is exclusive; an end before the
 * start spans midnight and belongs to the day it starts on).
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {

  public BusinessHours {
    days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    if (from.equals(to)) {
      throw new IllegalArgumentException("Business hours start and end at the same time: " + from);
    }
  }

  /** Parses the written form; a clear {@link IllegalArgumentException} for anything else. */
  public static BusinessHours parse(String spec) {
    String[] parts = spec == null ? new String[0] : spec.trim().split("\\s+");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "Business hours must look like 'Europe/Berlin MON-FRI 09:00-17:00', got: " + spec);
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(parts[0]);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Unknown time zone in business hours: " + parts[0]);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String group : parts[1].split(",")) {
      String[] range = group.split("-");
      if (range.length == 1) {
        days.add(day(range[0]));
      } else if (range.length == 2) {
        DayOfWeek d = day(range[0]);
        DayOfWeek end = day(range[1]);
        days.add(d);
        while (d != end) {
          d = d.plus(1);
          days.add(d);
        }
      } else {
        throw new IllegalArgumentException("Bad day range in business hours: " + group);
      }
    }
    String[] times = parts[2].split("-");
    if (times.length != 2) {
      throw new IllegalArgumentException("Business hours need a time range like 09:00-17:00");
    }
    try {
      return new BusinessHours(zone, days, LocalTime.parse(times[0]), LocalTime.parse(times[1]));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Bad time in business hours: " + parts[2]);
    }
  }

  private static DayOfWeek day(String s) {
    String d = s.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek w : DayOfWeek.values()) {
      if (w.name().startsWith(d) && d.length() >= 3) {
        return w;
      }
    }
    throw new IllegalArgumentException("Unknown day in business hours: " + s);
  }

  /** Whether {@code at} falls inside these hours. */
  public boolean contains(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime t = local.toLocalTime();
    if (from.isBefore(to)) {
      return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
    }
    // spans midnight: the late part belongs to today, the early part to yesterday
    if (!t.isBefore(from)) {
      return days.contains(local.getDayOfWeek());
    }
    return t.isBefore(to) && days.contains(local.getDayOfWeek().minus(1));
  }

  /** The written form, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return zone.getId() + " " + daysText() + " " + from + "-" + to;
  }

  /** The days, runs of three or more written as a range ({@code MON-FRI,SUN}). */
  private String daysText() {
    List<String> groups = new ArrayList<>();
    List<DayOfWeek> sorted = days.stream().sorted().toList();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1).ordinal() == sorted.get(j).ordinal() + 1) {
        j++;
      }
      if (j - i >= 2) {
        groups.add(abbreviation(sorted.get(i)) + "-" + abbreviation(sorted.get(j)));
      } else {
        for (int k = i; k <= j; k++) {
          groups.add(abbreviation(sorted.get(k)));
        }
      }
      i = j + 1;
    }
    return String.join(",", groups);
  }

  private static String abbreviation(DayOfWeek d) {
    return d.name().substring(0, 3);
  }
}
