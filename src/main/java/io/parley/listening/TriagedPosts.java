package io.parley.listening;

import io.parley.channels.InboundItem;
import io.parley.triage.Audience;
import io.parley.triage.Intent;
import io.parley.triage.Triage;
import io.parley.triage.TriageResult;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Reads public posts with the triage models, so {@code intent:purchase} queries and the opportunity
 * score see what the post wants. On when triage is ({@code parley.triage.enabled}); {@code
 * parley.listening.triage-posts=false} turns it off for busy public timelines, where the embedding
 * per post (a few milliseconds) would be most of the matching cost.
 */
@Component
@ConditionalOnProperty(
    name = {"parley.triage.enabled", "parley.listening.triage-posts"},
    havingValue = "true",
    matchIfMissing = true)
class TriagedPosts implements PostSignals.Source {

  private final ObjectProvider<Triage> triage;

  TriagedPosts(ObjectProvider<Triage> triage) {
    this.triage = triage;
  }

  @Override
  public PostSignals of(InboundItem post) {
    if (post.text() == null || post.text().isBlank()) {
      return PostSignals.NONE;
    }
    TriageResult r =
        triage
            .getObject()
            .read(post.text(), new Audience(post.author().followers(), Duration.ZERO));
    return of(r);
  }

  /** The strongest intent first; purchase intent answers to both {@code purchase} and its label. */
  static PostSignals of(TriageResult r) {
    Set<String> names = new LinkedHashSet<>();
    String main = null;
    for (Intent i : r.intents()) {
      if (i == Intent.OTHER) {
        continue;
      }
      String name = i == Intent.PURCHASE_INTENT ? "purchase" : i.label();
      if (main == null) {
        main = name;
      }
      names.add(name);
      names.add(i.label());
    }
    return new PostSignals(main, r.sentiment().label(), names);
  }
}
