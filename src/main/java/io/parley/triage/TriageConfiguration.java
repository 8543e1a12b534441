package io.parley.triage;

import io.parley.contacts.Contacts;
import io.parley.conversations.Conversations;
import io.parley.ingestion.MessageReceived;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Wires triage into the application: the models are loaded on first use, and inbound messages are
 * triaged on one background thread after their ingest transaction commits. {@code
 * parley.triage.enabled=false} turns the listener off (the tests of other modules do).
 */
@Configuration(proxyBeanMethods = false)
class TriageConfiguration {

  @Bean
  @Lazy
  Triage triage(
      @Value("${parley.triage.languages:en,es,fr,de,it,pt,nl,ja}") List<String> languages,
      @Value("${parley.triage.language-min-confidence:0.5}") double minConfidence) {
    return Triage.bundled(new Languages(languages, minConfidence));
  }

  @Bean
  MessageTriage messageTriage(
      ObjectProvider<Triage> triage,
      Conversations conversations,
      Contacts contacts,
      TriageRecords records,
      ApplicationEventPublisher events,
      Clock clock) {
    return new MessageTriage(triage::getObject, conversations, contacts, records, events, clock);
  }

  @Bean
  @ConditionalOnProperty(
      name = "parley.triage.enabled",
      havingValue = "true",
      matchIfMissing = true)
  InboundTriage inboundTriage(MessageTriage messageTriage, TriageBackfill backfill) {
    return new InboundTriage(messageTriage, backfill);
  }

  @Bean
  TriageBackfill triageBackfill(JdbcClient jdbc, MessageTriage messageTriage) {
    return new TriageBackfill(jdbc, messageTriage);
  }

  /**
   * Hands each received message to the triage thread once its transaction has committed; when the
   * queue is full the message is left to the backfill, which also runs on that thread every minute
   * (first 10 s after start).
   */
  static class InboundTriage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboundTriage.class);

    private final MessageTriage messageTriage;
    private final ThreadPoolExecutor worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            Thread.ofPlatform().name("triage").daemon().factory(),
            new ThreadPoolExecutor.DiscardPolicy());

    private final TriageBackfill backfill;
    private final java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("triage-backfill").daemon().factory());

    InboundTriage(MessageTriage messageTriage, TriageBackfill backfill) {
      this.messageTriage = messageTriage;
      this.backfill = backfill;
      timer.scheduleWithFixedDelay(this::scheduleBackfill, 10, 60, TimeUnit.SECONDS);
    }

    private void scheduleBackfill() {
      if (worker.getQueue().isEmpty()) {
        worker.execute(
            () -> {
              try {
                backfill.runOnce(500);
              } catch (RuntimeException e) {
                log.warn("Triage backfill failed: {}", e.toString());
              }
            });
      }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessageReceived event) {
      worker.execute(
          () -> {
            try {
              messageTriage.handle(event);
            } catch (RuntimeException e) {
              log.warn("Triage of message {} failed: {}", event.messageId(), e.toString());
            }
          });
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdownNow();
      worker.shutdown();
      worker.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
