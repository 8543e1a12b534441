/**
 * Notifications: personal in-app notifications (a colleague @mentioned you in a note, assigned you
 * a conversation, an SLA target about to pass or passed on yours) and the workspace's outgoing
 * webhooks, signed with HMAC-SHA256 and delivered durably with retries. Everything is raised from
 * other modules' events carrying ids ({@link io.parley.conversations.NoteAdded}, {@link
 * io.parley.conversations.ConversationAssigned}, {@link io.parley.routing.SlaBreached}, {@link
 * io.parley.ingestion.MessageReceived}) and is idempotent: a replayed event adds nothing.
 *
 * <p>Allowed dependencies: shared, accounts, conversations, routing, ingestion, channels (for the
 * credential cipher that keeps webhook secrets).
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Notifications",
    allowedDependencies = {
      "shared",
      "accounts",
      "conversations",
      "routing",
      "ingestion",
      "channels"
    })
package io.parley.notifications;
