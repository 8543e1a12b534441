package io.parley.routing;

/** What an SLA clock measures. */
public enum SlaKind {
  /** From the first customer message to the brand's first reply. */
  FIRST_RESPONSE("First response"),
  /** From a customer message after a brand reply to the next brand reply. */
  NEXT_RESPONSE("Next response"),
  /** From the first customer message until resolved; a reopened conversation continues it. */
  RESOLUTION("Resolution");

  private final String label;

  SlaKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
