package io.parley.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Who has a conversation open and who is typing a reply in it, kept in memory for a short time:
 * browsers report every {@link #HEARTBEAT} while a thread is open and while its reply box changes.
 * A person not heard of for {@link #VIEWING} is gone; typing lasts {@link #TYPING}.
 */
@Component
class Presence {

  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  static final Duration VIEWING = Duration.ofSeconds(30);
  static final Duration TYPING = Duration.ofSeconds(6);

  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Map<Long, Map<Long, Seen>> byConversation = new ConcurrentHashMap<>();

  Presence(Clock clock, ApplicationEventPublisher events) {
    this.clock = clock;
    this.events = events;
  }

  /** The person has the conversation open; {@code typing} when they are writing a reply. */
  void viewing(SignedIn me, long conversationId, boolean typing) {
    Instant now = clock.instant();
    var here = byConversation.computeIfAbsent(conversationId, k -> new ConcurrentHashMap<>());
    Seen before = here.get(me.userId());
    Instant typingUntil = typing ? now.plus(TYPING) : before == null ? null : before.typingUntil();
    Seen after = new Seen(me.userId(), me.displayName(), me.workspaceId(), now, typingUntil);
    here.put(me.userId(), after);
    if (before == null || before.typingAt(now) != after.typingAt(now)) {
      events.publishEvent(new PresenceChanged(conversationId, me.workspaceId()));
    }
  }

  /** The person closed the conversation or moved on. */
  void left(SignedIn me, long conversationId) {
    var here = byConversation.get(conversationId);
    if (here != null && here.remove(me.userId()) != null) {
      events.publishEvent(new PresenceChanged(conversationId, me.workspaceId()));
    }
  }

  /** Everyone else in the conversation now, typing ones first. */
  List<Person> others(SignedIn me, long conversationId) {
    Instant now = clock.instant();
    var here = byConversation.getOrDefault(conversationId, Map.of());
    var out = new ArrayList<Person>();
    for (Seen s : here.values()) {
      if (s.userId() != me.userId()
          && s.workspaceId() == me.workspaceId()
          && s.lastSeen().plus(VIEWING).isAfter(now)) {
        out.add(new Person(s.userId(), s.name(), s.typingAt(now)));
      }
    }
    out.sort(Comparator.comparing((Person p) -> !p.typing()).thenComparing(Person::name));
    return out;
  }

  /** Forgets people gone quiet and typing that stopped, telling the others. */
  @Scheduled(fixedDelay = 2_000)
  void sweep() {
    Instant now = clock.instant();
    byConversation.forEach(
        (conversationId, here) -> {
          here.forEach(
              (userId, s) -> {
                boolean gone = !s.lastSeen().plus(VIEWING).isAfter(now);
                boolean stoppedTyping = s.typingUntil() != null && !s.typingAt(now);
                if (gone) {
                  here.remove(userId);
                } else if (stoppedTyping) {
                  here.put(
                      userId, new Seen(s.userId(), s.name(), s.workspaceId(), s.lastSeen(), null));
                }
                if (gone || stoppedTyping) {
                  events.publishEvent(new PresenceChanged(conversationId, s.workspaceId()));
                }
              });
          if (here.isEmpty()) {
            byConversation.remove(conversationId, here);
          }
        });
  }

  /** Someone else in a conversation. */
  record Person(long userId, String name, boolean typing) {

    String firstName() {
      int space = name.indexOf(' ');
      return space > 0 ? name.substring(0, space) : name;
    }
  }

  private record Seen(
      long userId, String name, long workspaceId, Instant lastSeen, Instant typingUntil) {
    boolean typingAt(Instant now) {
      return typingUntil != null && typingUntil.isAfter(now);
    }
  }
}
