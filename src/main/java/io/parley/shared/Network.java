package io.parley.shared;

/**
 * The social networks Parley talks to. Only the channels module attaches behaviour to a value (by
 * looking up the connector registered for it); everybody else treats it as a label.
 */
public enum Network {
  SANDBOX("Sandbox"),
  MASTODON("Mastodon"),
  BLUESKY("Bluesky"),
  X("X"),
  FACEBOOK("Facebook"),
  INSTAGRAM("Instagram"),
  REDDIT("Reddit"),
  YOUTUBE("YouTube");

  private final String label;

  Network(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses user input such as {@code bluesky} or {@code BLUESKY}; null when unknown. */
  public static Network parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
