package io.parley.conversations;

import io.parley.shared.Network;

/**
 * What the inbox list shows.
 *
 * @param status null for all
 * @param network null for all
 * @param assignment ALL, MINE (assigned to {@code userId}) or UNASSIGNED
 * @param query text to look for in messages, author handles and names; null for none
 * @param kind mentions, comment threads or DMs; null for all
 * @param teamId conversations handed over to this team; null for all
 * @param tag conversations with this tag; null for all
 * @param scope what the person may see at all
 * @param awaitingApproval only conversations with a reply waiting for a manager's approval
 * @param triage what triage must have found in one of the conversation's inbound messages; null for
 *     no condition
 * @param activity when the conversation was last active; null for any time
 * @param order newest activity first (null, {@link Order#NEWEST}) or the most urgent SLA target
 *     first
 */
public record InboxFilter(
    long workspaceId,
    ConversationStatus status,
    Network network,
    Assignment assignment,
    long userId,
    String query,
    int limit,
    ConversationKind kind,
    Long teamId,
    String tag,
    InboxScope scope,
    boolean awaitingApproval,
    Triage triage,
    Activity activity,
    Order order) {

  /** How the list is sorted. */
  public enum Order {
    /** Latest activity first. */
    NEWEST,
    /**
     * The running SLA target due soonest first (overdue ones at the top), then conversations
     * without a running target, newest first.
     */
    DUE_FIRST
  }

  /**
   * The conversation's last activity is at or after {@code from} and before {@code before}; either
   * may be null (open-ended).
   */
  public record Activity(java.time.Instant from, java.time.Instant before) {}

  /**
   * Conditions on the triage of a conversation's inbound messages.
   *
   * @param intent lower-case intent label such as {@code complaint}; null for any
   * @param sentiment {@code negative}, {@code neutral} or {@code positive}; null for any
   * @param language ISO 639-1 code triage detected, such as {@code es}; null for any
   */
  public record Triage(String intent, String sentiment, String language) {
    public Triage {
      if (language != null && !language.matches("[a-z]{2,3}")) {
        throw new IllegalArgumentException("Not a language code: " + language);
      }
      if (intent != null && !intent.matches("[a-z_]{1,32}")) {
        throw new IllegalArgumentException("Not an intent: " + intent);
      }
      if (sentiment != null && !sentiment.matches("[a-z]{1,16}")) {
        throw new IllegalArgumentException("Not a sentiment: " + sentiment);
      }
    }
  }

  /** A filter over the whole workspace by status, network, assignment and text. */
  public InboxFilter(
      long workspaceId,
      ConversationStatus status,
      Network network,
      Assignment assignment,
      long userId,
      String query,
      int limit) {
    this(
        workspaceId,
        status,
        network,
        assignment,
        userId,
        query,
        limit,
        null,
        null,
        null,
        InboxScope.WHOLE_WORKSPACE,
        false,
        null,
        null,
        null);
  }

  /** Every conversation of the workspace, newest first, at most {@code limit}. */
  public static InboxFilter all(long workspaceId, int limit) {
    return new InboxFilter(workspaceId, null, null, Assignment.ALL, 0, null, limit);
  }

  /** The same filter with another triage condition. */
  public InboxFilter withTriage(Triage t) {
    return new InboxFilter(
        workspaceId,
        status,
        network,
        assignment,
        userId,
        query,
        limit,
        kind,
        teamId,
        tag,
        scope,
        awaitingApproval,
        t,
        activity,
        order);
  }

  /** The same filter with another activity window. */
  public InboxFilter withActivity(Activity a) {
    return new InboxFilter(
        workspaceId,
        status,
        network,
        assignment,
        userId,
        query,
        limit,
        kind,
        teamId,
        tag,
        scope,
        awaitingApproval,
        triage,
        a,
        order);
  }

  /** The same filter in another order. */
  public InboxFilter withOrder(Order o) {
    return new InboxFilter(
        workspaceId,
        status,
        network,
        assignment,
        userId,
        query,
        limit,
        kind,
        teamId,
        tag,
        scope,
        awaitingApproval,
        triage,
        activity,
        o);
  }

  public enum Assignment {
    ALL,
    MINE,
    UNASSIGNED
  }
}
