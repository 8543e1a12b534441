package io.parley.web;

import io.parley.conversations.ConversationUpdated;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxScope;
import io.parley.ingestion.MessageReceived;
import io.parley.notifications.NotificationAdded;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events to every open browser: "conversation" (new message, status, assignee, ...) and
 * "presence" (who views or types), each carrying only the conversation id, and "notification" to
 * the one person notified. Browsers fetch what changed through the ordinary, access-checked pages,
 * so an event never carries data; still, each is sent only to people who may see the conversation.
 * Events are taken from Spring application events after their transaction commits, so the fetch
 * sees the change.
 */
@Component
class LiveUpdates implements DisposableBean {

  static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

  private final Conversations conversations;
  private final Access access;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

  LiveUpdates(Conversations conversations, Access access) {
    this.conversations = conversations;
    this.access = access;
  }

  /** A new stream for this person. */
  SseEmitter subscribe(SignedIn me) {
    String id = UUID.randomUUID().toString();
    var emitter = new SseEmitter(TIMEOUT.toMillis());
    var subscriber = new Subscriber(id, me, access.scope(me), emitter);
    subscribers.put(id, subscriber);
    emitter.onCompletion(() -> subscribers.remove(id));
    emitter.onTimeout(() -> subscribers.remove(id));
    emitter.onError(e -> subscribers.remove(id));
    try {
      // Tells the browser the stream is open (and how long to wait before reconnecting).
      emitter.send(SseEmitter.event().name("ready").reconnectTime(3_000).data("{}"));
    } catch (IOException e) {
      subscribers.remove(id);
    }
    return emitter;
  }

  int subscriberCount() {
    return subscribers.size();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(ConversationUpdated e) {
    conversationChanged(e.workspaceId(), e.conversationId(), e.what());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(MessageReceived e) {
    conversationChanged(e.workspaceId(), e.conversationId(), "message");
  }

  /** Only to the person notified: their bell fetches its own count. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(NotificationAdded e) {
    if (subscribers.isEmpty()) {
      return;
    }
    sender.execute(
        () -> {
          for (Subscriber s : subscribers.values()) {
            if (s.me().userId() == e.userId() && s.me().workspaceId() == e.workspaceId()) {
              deliver(
                  s,
                  SseEmitter.event()
                      .name("notification")
                      .data("{\"id\":" + e.notificationId() + "}", MediaType.APPLICATION_JSON));
            }
          }
        });
  }

  @EventListener
  void on(PresenceChanged e) {
    send(e.workspaceId(), e.conversationId(), "presence", "presence");
  }

  private void conversationChanged(long workspaceId, long conversationId, String what) {
    send(workspaceId, conversationId, "conversation", what);
  }

  private void send(long workspaceId, long conversationId, String name, String what) {
    if (subscribers.isEmpty()) {
      return;
    }
    sender.execute(
        () -> {
          var c = conversations.byId(workspaceId, conversationId).orElse(null);
          String data = "{\"id\":" + conversationId + ",\"what\":\"" + what + "\"}";
          for (Subscriber s : subscribers.values()) {
            if (s.me().workspaceId() != workspaceId) {
              continue;
            }
            // A conversation merged away is gone: only those who see everything hear of it.
            boolean visible = c == null ? s.scope().wholeWorkspace() : s.scope().allows(c);
            if (visible) {
              deliver(s, SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            }
          }
        });
  }

  /** Keeps proxies from closing quiet streams, and notices browsers that went away. */
  @Scheduled(fixedDelay = 20_000)
  void keepAlive() {
    for (Subscriber s : subscribers.values()) {
      sender.execute(() -> deliver(s, SseEmitter.event().comment("keep-alive")));
    }
  }

  private void deliver(Subscriber s, SseEmitter.SseEventBuilder event) {
    try {
      s.emitter().send(event);
    } catch (IOException | IllegalStateException e) {
      subscribers.remove(s.id());
      log.debug("Dropped live stream {}: {}", s.id(), e.getMessage());
    }
  }

  @Override
  public void destroy() {
    subscribers.values().forEach(s -> s.emitter().complete());
    subscribers.clear();
    sender.shutdownNow();
  }

  private record Subscriber(String id, SignedIn me, InboxScope scope, SseEmitter emitter) {}
}
