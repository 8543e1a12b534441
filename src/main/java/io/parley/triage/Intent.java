package io.parley.triage;

import java.util.Locale;

/** What the author wants. A message can have several intents; {@link #OTHER} when none fits. */
public enum Intent {
  COMPLAINT,
  QUESTION,
  PRAISE,
  PURCHASE_INTENT,
  SPAM,
  OTHER;

  /** Lower-case name as stored and printed, e.g. {@code purchase_intent}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The intent for a stored/printed label. */
  public static Intent of(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
  }
}
