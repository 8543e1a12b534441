package io.parley.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook can be sent for; {@link #wireName} is the {@code X-Parley-Event} header. */
public enum WebhookEvent {
  CONVERSATION_CREATED("conversation.created", "A new conversation starts"),
  CONVERSATION_ASSIGNED("conversation.assigned", "A conversation is assigned"),
  SLA_APPROACHING("sla.approaching", "A response time target is about to pass"),
  SLA_BREACHED("sla.breached", "A response time target passes");

  private final String wireName;
  private final String label;

  WebhookEvent(String wireName, String label) {
    this.wireName = wireName;
    this.label = label;
  }

  public String wireName() {
    return wireName;
  }

  public String label() {
    return label;
  }

  public static Optional<WebhookEvent> byWireName(String name) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
  }
}
