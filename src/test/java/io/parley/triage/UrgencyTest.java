package io.parley.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Urgency's parts one at a time. */
class UrgencyTest {

  static Map<Intent, Double> intents(Intent... present) {
    Map<Intent, Double> m = new EnumMap<>(Intent.class);
    for (Intent i : Intent.values()) {
      m.put(i, 0.0);
    }
    for (Intent i : present) {
      m.put(i, 0.9);
    }
    return m;
  }

  static int urgency(String text, Map<Intent, Double> intents, double negative, Audience a) {
    return Urgency.score(text, intents, negative, a);
  }

  @Test
  void complaintsAndNegativeFeelingsRaiseUrgency() {
    int calm = urgency("my parcel came", intents(), 0.1, Audience.UNKNOWN);
    int angry = urgency("my parcel came", intents(Intent.COMPLAINT), 0.9, Audience.UNKNOWN);
    assertThat(angry).isGreaterThan(calm + 30);
  }

  @Test
  void riskWordsRaiseUrgencyAndLegalThreatsMost() {
    var none = intents(Intent.COMPLAINT);
    int base = urgency("this is not ok", none, 0.8, Audience.UNKNOWN);
    int refund = urgency("still waiting for my refund", none, 0.8, Audience.UNKNOWN);
    int lawyer = urgency("my lawyer will call you", none, 0.8, Audience.UNKNOWN);
    assertThat(refund).isGreaterThan(base);
    assertThat(lawyer).isGreaterThanOrEqualTo(base + 20);
  }

  @Test
  void audienceAndWaitingRaiseUrgencyWithinBounds() {
    var c = intents(Intent.COMPLAINT);
    int small = urgency("broken", c, 0.8, new Audience(50, Duration.ZERO));
    int large = urgency("broken", c, 0.8, new Audience(250_000, Duration.ZERO));
    int waited = urgency("broken", c, 0.8, new Audience(50, Duration.ofHours(8)));
    int everything =
        urgency(
            "URGENT my lawyer says refund now, broken and still waiting, fraud",
            c,
            1.0,
            new Audience(10_000_000, Duration.ofDays(3)));
    assertThat(large).isGreaterThan(small);
    assertThat(waited).isGreaterThan(small);
    assertThat(everything).isLessThanOrEqualTo(100).isGreaterThan(90);
  }

  @Test
  void spamIsNeverUrgent() {
    int spam =
        urgency(
            "refund scam lawyer",
            intents(Intent.SPAM, Intent.COMPLAINT),
            0.9,
            new Audience(1_000_000, Duration.ofDays(1)));
    assertThat(spam).isLessThanOrEqualTo(5);
  }
}
