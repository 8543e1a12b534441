package io.parley.listening;

import io.parley.shared.Network;
import java.util.Locale;
import java.util.Set;

/**
 * A public post as listening sees it: its text and the metadata the query fields look at.
 *
 * @param lang ISO 639 code such as {@code en}, null when unknown
 * @param authorHandle the author's handle with or without {@code @}; compared case-insensitively
 * @param intents intents triage found in the post, such as {@code purchase}
 */
public record Post(
    String text,
    String lang,
    String authorHandle,
    Network network,
    long followers,
    Set<String> intents) {

  public Post {
    text = text == null ? "" : text;
    lang = lang == null ? null : lang.toLowerCase(Locale.ROOT);
    authorHandle = normalizeHandle(authorHandle);
    intents = intents == null ? Set.of() : Set.copyOf(intents);
  }

  public static Post of(String text) {
    return new Post(text, null, null, null, 0, Set.of());
  }

  static String normalizeHandle(String handle) {
    if (handle == null) {
      return null;
    }
    String h = handle.startsWith("@") ? handle.substring(1) : handle;
    return h.toLowerCase(Locale.ROOT);
  }
}
