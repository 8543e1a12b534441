package io.parley.channels.bluesky;

import io.parley.channels.InboundItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recently seen firehose authors by DID: the firehose names only DIDs, and asking the AppView for
 * every post's author would cost a request per post. Bounded (least recently used go first) and
 * short-lived, so handle changes and follower counts catch up; an {@code #identity} event forgets
 * the DID at once.
 */
final class Authors {

  private record Cached(InboundItem.Author author, Instant at) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> byDid;

  Authors(Clock clock, int capacity, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
    this.byDid =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized Optional<InboundItem.Author> get(String did) {
    Cached e = byDid.get(did);
    if (e == null || clock.instant().isAfter(e.at().plus(ttl))) {
      return Optional.empty();
    }
    return Optional.of(e.author());
  }

  synchronized void put(String did, InboundItem.Author author) {
    byDid.put(did, new Cached(author, clock.instant()));
  }

  synchronized void forget(String did) {
    byDid.remove(did);
  }
}
