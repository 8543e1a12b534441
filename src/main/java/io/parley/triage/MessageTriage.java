package io.parley.triage;

import io.parley.contacts.Contacts;
import io.parley.conversations.Conversations;
import io.parley.conversations.Direction;
import io.parley.conversations.Message;
import io.parley.ingestion.MessageReceived;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Triages each inbound message once: on {@link MessageReceived} (after the ingest transaction has
 * committed, off the ingest thread) it reads the message, stores the result in {@code
 * message_triage} and publishes {@link MessageTriaged}. Duplicate events and already-triaged
 * messages are skipped; outbound and deleted messages are not triaged.
 */
public class MessageTriage {

  private static final Logger log = LoggerFactory.getLogger(MessageTriage.class);

  private final Supplier<Triage> triage;
  private final Conversations conversations;
  private final Contacts contacts;
  private final TriageRecords records;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  MessageTriage(
      Supplier<Triage> triage,
      Conversations conversations,
      Contacts contacts,
      TriageRecords records,
      ApplicationEventPublisher events,
      Clock clock) {
    this.triage = triage;
    this.conversations = conversations;
    this.contacts = contacts;
    this.records = records;
    this.events = events;
    this.clock = clock;
  }

  /** Triages the message of the event, unless it is triaged already. True when stored now. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean handle(MessageReceived event) {
    if (records.exists(event.messageId())) {
      return false;
    }
    Optional<Message> found =
        conversations.messages(event.conversationId()).stream()
            .filter(m -> m.id() == event.messageId())
            .findFirst();
    if (found.isEmpty()) {
      log.warn("Message {} of {} not found; not triaged", event.messageId(), event);
      return false;
    }
    Message m = found.get();
    if (m.direction() != Direction.IN || m.deleted()) {
      return false;
    }
    Instant now = clock.instant();
    Integer followers =
        m.authorExternalId() == null
            ? null
            : contacts
                .identity(event.workspaceId(), m.network(), m.authorExternalId())
                .map(Contacts.Identity::followers)
                .orElse(null);
    Duration waited = Duration.between(m.createdAt(), now);
    TriageResult r = triage.get().read(m.text(), new Audience(followers, waited));
    if (!records.store(m.id(), event.conversationId(), event.workspaceId(), r, now)) {
      return false;
    }
    events.publishEvent(
        new MessageTriaged(
            m.id(),
            event.conversationId(),
            event.workspaceId(),
            r.sentiment(),
            r.intents(),
            r.language(),
            r.urgency()));
    return true;
  }
}
