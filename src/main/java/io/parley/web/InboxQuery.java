package io.parley.web;

import io.parley.conversations.ConversationKind;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.InboxFilter.Assignment;
import io.parley.conversations.InboxScope;
import io.parley.conversations.ViewCount;
import io.parley.shared.Network;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The inbox filters as they travel in URLs ({@code
 * ?status=open&assigned=mine&network=x&kind=mention&team=3&tag=refund&q=...}). Unknown values fall
 * back to the defaults instead of failing: a stale bookmark still opens.
 *
 * @param status null for all statuses
 * @param network null for all networks
 * @param kind null for all kinds
 * @param team null for all teams
 * @param tag null for any tag
 * @param approval only conversations with a reply waiting for a manager's approval
 * @param intent conversations with an inbound message of this intent (e.g. {@code complaint}); null
 *     for any
 * @param sentiment conversations with an inbound message of this sentiment; null for any
 * @param language conversations with an inbound message triage found in this language; null for any
 */
public record InboxQuery(
    ConversationStatus status,
    Assignment assigned,
    Network network,
    String q,
    ConversationKind kind,
    Long team,
    String tag,
    boolean approval,
    String intent,
    String sentiment,
    String language) {

  /** Intents and sentiments the filter offers, as triage stores them. */
  public static final List<String> INTENTS =
      List.of("complaint", "question", "praise", "purchase_intent", "spam");

  public static final List<String> SENTIMENTS = List.of("negative", "neutral", "positive");

  static final InboxQuery DEFAULT =
      new InboxQuery(
          ConversationStatus.OPEN,
          Assignment.ALL,
          null,
          null,
          null,
          null,
          null,
          false,
          null,
          null,
          null);

  static InboxQuery parse(String status, String assigned, String network, String q) {
    return parse(status, assigned, network, q, null, null, null);
  }

  static InboxQuery parse(
      String status,
      String assigned,
      String network,
      String q,
      String kind,
      String team,
      String tag) {
    return parse(status, assigned, network, q, kind, team, tag, null);
  }

  static InboxQuery parse(
      String status,
      String assigned,
      String network,
      String q,
      String kind,
      String team,
      String tag,
      String approval) {
    return parse(status, assigned, network, q, kind, team, tag, approval, null, null, null);
  }

  static InboxQuery parse(
      String status,
      String assigned,
      String network,
      String q,
      String kind,
      String team,
      String tag,
      String approval,
      String intent,
      String sentiment,
      String language) {
    ConversationStatus s = ConversationStatus.OPEN;
    if (status != null && !status.isBlank()) {
      s = status.equalsIgnoreCase("all") ? null : enumOr(ConversationStatus.class, status, s);
    }
    Assignment a = enumOr(Assignment.class, assigned, Assignment.ALL);
    String query = q == null || q.isBlank() ? null : q.strip();
    if (query != null && query.length() > 200) {
      query = query.substring(0, 200);
    }
    ConversationKind k = kindOf(kind);
    Long t = null;
    if (team != null && team.matches("\\d{1,18}")) {
      t = Long.parseLong(team);
    }
    String g = null;
    if (tag != null && !tag.isBlank()) {
      try {
        g = io.parley.conversations.Conversations.cleanTag(tag);
      } catch (IllegalArgumentException e) {
        g = null;
      }
    }
    boolean waiting = "1".equals(approval) || "true".equalsIgnoreCase(approval);
    String i = oneOf(INTENTS, intent);
    String m = oneOf(SENTIMENTS, sentiment);
    String l =
        language != null && language.trim().toLowerCase(Locale.ROOT).matches("[a-z]{2,3}")
            ? language.trim().toLowerCase(Locale.ROOT)
            : null;
    return new InboxQuery(s, a, Network.parse(network), query, k, t, g, waiting, i, m, l);
  }

  /** The value if it is one of {@code allowed} (case-insensitive), else null: stale links open. */
  private static String oneOf(List<String> allowed, String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    return allowed.contains(v) ? v : null;
  }

  /** mention, comments or dm in URLs. */
  private static ConversationKind kindOf(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "mention", "mentions" -> ConversationKind.MENTION;
      case "comments", "thread", "public_thread" -> ConversationKind.PUBLIC_THREAD;
      case "dm", "dms", "direct_message" -> ConversationKind.DIRECT_MESSAGE;
      default -> null;
    };
  }

  InboxFilter filter(SignedIn me, InboxScope scope, int limit) {
    return new InboxFilter(
        me.workspaceId(),
        status,
        network,
        assigned,
        me.userId(),
        q,
        limit,
        kind,
        team,
        tag,
        scope,
        approval,
        intent == null && sentiment == null && language == null
            ? null
            : new InboxFilter.Triage(intent, sentiment, language));
  }

  /** Whether a grouped count row belongs to this view (text and tag are not counted). */
  boolean counts(ViewCount row) {
    return (status == null || row.status() == status)
        && (network == null || row.network() == network)
        && (kind == null || row.kind() == kind)
        && (team == null || Objects.equals(row.teamId(), team))
        && (assigned == Assignment.ALL || row.assignee() == assigned)
        && (!approval || row.awaitingApproval());
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

  public String kindParam() {
    if (kind == null) {
      return "";
    }
    return switch (kind) {
      case MENTION -> "mention";
      case PUBLIC_THREAD -> "comments";
      case DIRECT_MESSAGE -> "dm";
    };
  }

  /** The query string for these filters, without a leading {@code ?}. */
  public String params() {
    var sb = new StringBuilder("status=").append(statusParam());
    sb.append("&assigned=").append(assignedParam());
    if (network != null) {
      sb.append("&network=").append(networkParam());
    }
    if (kind != null) {
      sb.append("&kind=").append(kindParam());
    }
    if (team != null) {
      sb.append("&team=").append(team);
    }
    if (tag != null) {
      sb.append("&tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
    }
    if (approval) {
      sb.append("&approval=1");
    }
    if (intent != null) {
      sb.append("&intent=").append(intent);
    }
    if (sentiment != null) {
      sb.append("&sentiment=").append(sentiment);
    }
    if (language != null) {
      sb.append("&lang=").append(language);
    }
    if (q != null) {
      sb.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** The same filters with another value for one of them. */
  public InboxQuery withStatus(String value) {
    return parse(
        value,
        assignedParam(),
        networkParam(),
        q,
        kindParam(),
        teamParam(),
        tag,
        approvalParam(),
        intent,
        sentiment,
        language);
  }

  public InboxQuery withAssigned(String value) {
    return parse(
        statusParam(),
        value,
        networkParam(),
        q,
        kindParam(),
        teamParam(),
        tag,
        approvalParam(),
        intent,
        sentiment,
        language);
  }

  public InboxQuery withNetwork(String value) {
    return parse(
        statusParam(),
        assignedParam(),
        value,
        q,
        kindParam(),
        teamParam(),
        tag,
        approvalParam(),
        intent,
        sentiment,
        language);
  }

  private String approvalParam() {
    return approval ? "1" : null;
  }

  private String teamParam() {
    return team == null ? null : team.toString();
  }

  /** A heading such as "Open · Mine". */
  public String title() {
    if (approval) {
      return "Needs approval";
    }
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
