package io.parley.web;

import io.parley.routing.SlaClock;
import io.parley.routing.SlaClocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The SLA badge of an inbox row ("2h 10m left", "Overdue 15m"): the most urgent running clock of
 * the conversation, its kind in the tooltip ("Next response due in 25m"). Looked up from the
 * templates ({@code @slaBadges}) so the inbox controller stays as it is. Nothing when no clock runs
 * (answered and resolved, or paused while waiting on the customer).
 */
@Component("slaBadges")
public class SlaBadges {

  private final SlaClocks clocks;
  private final Clock clock;

  SlaBadges(SlaClocks clocks, Clock clock) {
    this.clocks = clocks;
    this.clock = clock;
  }

  /** The badge of one conversation, or null when it has no running clock. */
  public Badge forRow(long conversationId) {
    return clocks.mostUrgent(conversationId).map(c -> Badge.of(c, clock.instant())).orElse(null);
  }

  /** What the badge shows. */
  public record Badge(String text, String css, String title) {

    static Badge of(SlaClock c, Instant now) {
      if (!c.running()) {
        return null;
      }
      Duration left = c.left(now);
      String kind = c.kind().label();
      if (left.isNegative()) {
        return new Badge(
            "Overdue " + span(left.negated()),
            "sla sla-overdue",
            kind + " overdue by " + span(left.negated()));
      }
      String due = kind + " due in " + span(left);
      if (c.warning(now)) {
        return new Badge(span(left) + " left", "sla sla-warning", due);
      }
      return new Badge(span(left) + " left", "sla sla-running", due);
    }

    static String span(Duration d) {
      long minutes = Math.max(0, d.toMinutes());
      if (minutes >= 48 * 60) {
        return (minutes / (24 * 60)) + "d";
      }
      if (minutes >= 60) {
        return (minutes / 60) + "h " + (minutes % 60) + "m";
      }
      return minutes + "m";
    }
  }
}
