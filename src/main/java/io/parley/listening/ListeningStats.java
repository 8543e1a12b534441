package io.parley.listening;

/**
 * What the listening pipeline did since start-up, shown on the Listening page so that falling
 * behind is never silent.
 *
 * @param fetched public posts read from the networks
 * @param matched posts that matched at least one query of the reading account's workspace
 * @param opportunities opportunities created
 * @param laggingPolls polls skipped because the match queue was too full to take a page; the
 *     timeline was not read then and is read later from the same cursor (nothing lost, but late)
 * @param dropped posts that did not fit into the queue; their page's cursor was not advanced, so
 *     they are read again on the next poll (an opportunity is created once per query and post)
 * @param failedPolls polls that failed (network error, bad answer); retried with the same cursor
 * @param queued posts waiting to be matched now
 * @param capacity the queue's size
 */
public record ListeningStats(
    long fetched,
    long matched,
    long opportunities,
    long laggingPolls,
    long dropped,
    long failedPolls,
    int queued,
    int capacity) {}
