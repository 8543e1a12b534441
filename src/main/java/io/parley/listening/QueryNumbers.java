package io.parley.listening;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a listening query brought in: its opportunities by status, the value of the won ones, and
 * how many posts it matched on each of the last days.
 *
 * @param byStatus opportunities per status, every status present (0 when none)
 * @param wonValue the sum of the won opportunities' conversion values (0 when none)
 * @param perDay matches per UTC day, oldest first, the last entry is today
 */
public record QueryNumbers(
    long queryId, Map<OpportunityStatus, Long> byStatus, BigDecimal wonValue, List<Day> perDay) {

  /** Matches (new opportunities) on one UTC day. */
  public record Day(LocalDate date, long matches) {}

  public QueryNumbers {
    byStatus = Map.copyOf(byStatus);
    perDay = List.copyOf(perDay);
  }

  public long total() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(OpportunityStatus status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /** Won among the closed ones, 0–100; null while none is closed. */
  public Integer conversionPercent() {
    long closed =
        count(OpportunityStatus.WON)
            + count(OpportunityStatus.LOST)
            + count(OpportunityStatus.IGNORED);
    return closed == 0 ? null : (int) Math.round(100.0 * count(OpportunityStatus.WON) / closed);
  }

  public long matchesInPeriod() {
    return perDay.stream().mapToLong(Day::matches).sum();
  }

  public long busiestDay() {
    return perDay.stream().mapToLong(Day::matches).max().orElse(0);
  }
}
