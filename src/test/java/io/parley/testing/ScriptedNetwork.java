package io.parley.testing;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCapabilities;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.OutgoingPost;
import io.parley.shared.Network;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for a network, for outbox tests that need failures on cue: it really keeps
 * the posts it accepts, and can be told to fail the next attempts in the ways real networks fail
 * (429, refusal, or accepting a post and then losing the connection before answering).
 */
public class ScriptedNetwork implements Connector {

  /** What the next delivery attempt does. */
  public enum Outcome {
    ACCEPT,
    RATE_LIMITED,
    REFUSE,
    ACCEPT_THEN_DROP_CONNECTION
  }

  private final Network network;
  private final boolean honoursIdempotencyKey;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final Map<String, Post> byKey = new ConcurrentHashMap<>();
  private final Deque<Outcome> script = new ArrayDeque<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  public ScriptedNetwork(Network network, boolean honoursIdempotencyKey) {
    this.network = network;
    this.honoursIdempotencyKey = honoursIdempotencyKey;
  }

  public synchronized void then(Outcome... outcomes) {
    script.addAll(List.of(outcomes));
  }

  public synchronized void reset() {
    posts.clear();
    byKey.clear();
    script.clear();
    attempts.set(0);
    lookups.set(0);
  }

  public List<Post> posts() {
    return List.copyOf(posts);
  }

  public int attempts() {
    return attempts.get();
  }

  public int lookups() {
    return lookups.get();
  }

  @Override
  public Network network() {
    return network;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return new ConnectorCapabilities(true, honoursIdempotencyKey, 280, "characters");
  }

  @Override
  public FetchPage fetch(ConnectedAccount account, String cursor) {
    return FetchPage.empty(cursor);
  }

  @Override
  public DeliveryResult deliver(ConnectedAccount account, OutgoingPost post, String key) {
    attempts.incrementAndGet();
    Outcome outcome;
    synchronized (this) {
      outcome = script.isEmpty() ? Outcome.ACCEPT : script.poll();
    }
    if (honoursIdempotencyKey && byKey.containsKey(key)) {
      return new DeliveryResult.Delivered(byKey.get(key).id());
    }
    return switch (outcome) {
      case RATE_LIMITED ->
          new DeliveryResult.RetryLater("429 Too Many Requests", Duration.ofSeconds(30));
      case REFUSE -> new DeliveryResult.Rejected("422 status is too long");
      case ACCEPT -> new DeliveryResult.Delivered(store(post, key).id());
      case ACCEPT_THEN_DROP_CONNECTION -> {
        store(post, key);
        throw new IllegalStateException("connection reset after the request was sent");
      }
    };
  }

  @Override
  public Optional<String> findDelivered(ConnectedAccount account, OutgoingPost post, String key) {
    lookups.incrementAndGet();
    return Optional.ofNullable(byKey.get(key)).map(Post::id);
  }

  @Override
  public ConnectionCheck verify(ConnectedAccount account) {
    return ConnectionCheck.ok("scripted");
  }

  private Post store(OutgoingPost post, String key) {
    Post stored =
        new Post("p" + ids.incrementAndGet(), post.text(), post.inReplyToExternalId(), key);
    posts.add(stored);
    byKey.put(key, stored);
    return stored;
  }

  /** A post the network holds. */
  public record Post(String id, String text, String inReplyTo, String idempotencyKey) {}
}
