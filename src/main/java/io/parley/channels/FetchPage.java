package io.parley.channels;

import java.util.List;

/**
 * One page of inbound items.
 *
 * @param items what arrived, in the network's order
 * @param nextCursor where the next fetch continues; stored only after the items are stored
 * @param hasMore whether the network has more right now (the poller fetches again at once)
 */
public record FetchPage(List<InboundItem> items, String nextCursor, boolean hasMore) {

  public static FetchPage empty(String cursor) {
    return new FetchPage(List.of(), cursor, false);
  }
}
