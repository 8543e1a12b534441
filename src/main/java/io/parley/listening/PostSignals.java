package io.parley.listening;

import io.parley.channels.InboundItem;
import java.util.Set;

/**
 * What triage says about a public post, for matching ({@code intent:} queries) and for the
 * opportunity's score. Extension point: the triage module is not wired to public posts yet, so
 * {@link #NONE} is used; when it is, a bean implementing {@link Source} replaces {@link
 * #NONE_SOURCE} and intents take part in matching and scoring.
 *
 * @param intent the main intent, e.g. {@code purchase}; null when unknown
 * @param sentiment e.g. {@code negative}; null when unknown
 */
public record PostSignals(String intent, String sentiment) {

  public static final PostSignals NONE = new PostSignals(null, null);

  /** Classifies a public post. */
  public interface Source {
    PostSignals of(InboundItem post);
  }

  static final Source NONE_SOURCE = post -> NONE;

  Set<String> intents() {
    return intent == null ? Set.of() : Set.of(intent);
  }
}
