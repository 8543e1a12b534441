package io.parley.web;

import io.parley.conversations.ConversationStatus;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.InboxFilter.Assignment;
import io.parley.shared.Network;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The inbox filters as they travel in URLs ({@code ?status=open&assigned=mine&network=x&q=...}).
 * Unknown values fall back to the defaults instead of failing: a stale bookmark still opens.
 *
 * @param status null for all statuses
 * @param network null for all networks
 */
public record InboxQuery(
    ConversationStatus status, Assignment assigned, Network network, String q) {

  static final InboxQuery DEFAULT =
      new InboxQuery(ConversationStatus.OPEN, Assignment.ALL, null, null);

  static InboxQuery parse(String status, String assigned, String network, String q) {
    ConversationStatus s = ConversationStatus.OPEN;
    if (status != null && !status.isBlank()) {
      s = status.equalsIgnoreCase("all") ? null : enumOr(ConversationStatus.class, status, s);
    }
    Assignment a = enumOr(Assignment.class, assigned, Assignment.ALL);
    String query = q == null || q.isBlank() ? null : q.strip();
    if (query != null && query.length() > 200) {
      query = query.substring(0, 200);
    }
    return new InboxQuery(s, a, Network.parse(network), query);
  }

  InboxFilter filter(SignedIn me, int limit) {
    return new InboxFilter(me.workspaceId(), status, network, assigned, me.userId(), q, limit);
  }

  public String statusParam() {
    return status == null ? "all" : status.name().toLowerCase(Locale.ROOT);
  }

  public String assignedParam() {
    return assigned.name().toLowerCase(Locale.ROOT);
  }

  public String networkParam() {
    return network == null ? "" : network.name().toLowerCase(Locale.ROOT);
  }

  /** The query string for these filters, without a leading {@code ?}. */
  public String params() {
    var sb = new StringBuilder("status=").append(statusParam());
    sb.append("&assigned=").append(assignedParam());
    if (network != null) {
      sb.append("&network=").append(networkParam());
    }
    if (q != null) {
      sb.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  public InboxQuery withStatus(String value) {
    return parse(value, assignedParam(), networkParam(), q);
  }

  public InboxQuery withAssigned(String value) {
    return parse(statusParam(), value, networkParam(), q);
  }

  public InboxQuery withNetwork(String value) {
    return parse(statusParam(), assignedParam(), value, q);
  }

  /** A heading such as "Open · Mine". */
  public String title() {
    String s = status == null ? "All conversations" : capitalized(status.name());
    return switch (assigned) {
      case ALL -> s;
      case MINE -> s + " · Mine";
      case UNASSIGNED -> s + " · Unassigned";
    };
  }

  static String capitalized(String enumName) {
    String lower = enumName.toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  private static <E extends Enum<E>> E enumOr(Class<E> type, String value, E fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
