package io.parley.web;

import io.parley.triage.Intent;
import io.parley.triage.Languages;
import io.parley.triage.Sentiment;
import io.parley.triage.StoredTriage;
import io.parley.triage.TriageRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The small triage badges of the inbox (sentiment, intents, urgency, language), looked up from the
 * templates ({@code @triageBadges}) so the inbox controller stays as it is.
 */
@Component("triageBadges")
public class TriageBadges {

  private final TriageRecords records;

  TriageBadges(TriageRecords records) {
    this.records = records;
  }

  /** Badges of each listed conversation's latest triaged message, by conversation id. */
  public Map<Long, Badges> forRows(List<InboxView.Row> rows) {
    List<Long> ids = rows.stream().map(InboxView.Row::id).toList();
    Map<Long, Badges> out = new HashMap<>();
    records.latestForConversations(ids).forEach((id, t) -> out.put(id, Badges.of(t)));
    return out;
  }

  /** Badges of each triaged message of a thread, by message id. */
  public Map<Long, Badges> forThread(InboxView.ThreadPane thread) {
    List<Long> ids = new ArrayList<>();
    for (InboxView.Item item : thread.items()) {
      if ("in".equals(item.side())) {
        ids.add(item.id());
      }
    }
    Map<Long, Badges> out = new HashMap<>();
    records.forMessages(ids).forEach((id, t) -> out.put(id, Badges.of(t)));
    return out;
  }

  /** What one message's badges say. */
  public record Badges(
      String sentiment,
      String sentimentCss,
      List<String> intents,
      String language,
      int urgency,
      String sentimentLabel,
      List<String> intentLabels,
      boolean corrected) {

    static Badges of(StoredTriage t) {
      List<String> intents = new ArrayList<>();
      for (Intent i : t.intents()) {
        if (i != Intent.OTHER) {
          intents.add(label(i));
        }
      }
      return new Badges(
          InboxQuery.capitalized(t.sentiment().name()),
          "tri tri-" + t.sentiment().label(),
          intents,
          Languages.UNKNOWN.equals(t.language()) ? null : t.language().toUpperCase(Locale.ROOT),
          t.urgency(),
          t.sentiment().label(),
          t.intents().stream().map(Intent::label).toList(),
          t.corrected());
    }

    /** Whether the message has this intent (for the correction form's checkboxes). */
    public boolean has(String intentLabel) {
      return intentLabels.contains(intentLabel);
    }

    private static String label(Intent i) {
      return switch (i) {
        case PURCHASE_INTENT -> "Wants to buy";
        default -> InboxQuery.capitalized(i.name());
      };
    }

    public boolean showSentiment() {
      return !sentiment.equalsIgnoreCase(Sentiment.NEUTRAL.name());
    }

    public String urgencyCss() {
      return urgency >= 70 ? "tri tri-urgent" : "tri tri-soon";
    }
  }
}
