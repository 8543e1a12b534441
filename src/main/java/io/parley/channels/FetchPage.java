package io.parley.channels;

import java.util.List;

/**
 * One page of inbound items.
 *
 * @param items what arrived, in the network's order
 * @param nextCursor where the next fetch continues; stored only after the items are stored
 * @param hasMore whether the network has more right now (the poller fetches again at once)
 * @param unreadable entries of the page the connector could not turn into items, one reason each
 *     (e.g. {@code "event 17: createdAt is missing"}); reported as rejected, never silently dropped
 * @param signals favourites, boosts and follows on the page: counted, not conversations
 */
public record FetchPage(
    List<InboundItem> items,
    String nextCursor,
    boolean hasMore,
    List<String> unreadable,
    List<InboundSignal> signals) {

  public FetchPage {
    unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
    signals = signals == null ? List.of() : List.copyOf(signals);
  }

  public FetchPage(
      List<InboundItem> items, String nextCursor, boolean hasMore, List<String> unreadable) {
    this(items, nextCursor, hasMore, unreadable, List.of());
  }

  public FetchPage(List<InboundItem> items, String nextCursor, boolean hasMore) {
    this(items, nextCursor, hasMore, List.of(), List.of());
  }

  public static FetchPage empty(String cursor) {
    return new FetchPage(List.of(), cursor, false);
  }
}
