package io.parley.listening;

import io.parley.channels.InboundItem;
import java.util.Set;

/**
 * What triage says about a public post, for matching ({@code intent:} queries) and for the
 * opportunity's score. {@link TriagedPosts} reads public posts with the triage models when triage
 * is on; otherwise {@link #NONE} is used and intents take no part in matching and scoring.
 *
 * @param intent the main intent, e.g. {@code purchase}; null when unknown
 * @param sentiment e.g. {@code negative}; null when unknown
 * @param intents every intent found, as {@code intent:} queries name them
 */
public record PostSignals(String intent, String sentiment, Set<String> intents) {

  public static final PostSignals NONE = new PostSignals(null, null);

  public PostSignals {
    intents = Set.copyOf(intents);
  }

  /** Signals with one intent (or none). */
  public PostSignals(String intent, String sentiment) {
    this(intent, sentiment, intent == null ? Set.of() : Set.of(intent));
  }

  /** Classifies a public post. */
  public interface Source {
    PostSignals of(InboundItem post);
  }

  static final Source NONE_SOURCE = post -> NONE;
}
