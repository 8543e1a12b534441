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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The inbox filters as they travel in URLs ({@code
 * ?status=open&assigned=mine&network=x&kind=mention&team=3&tag=refund&from=2026-11-01&to=2026-11-20&q=...}).
 * Unknown values fall back to the defaults instead of failing: a stale bookmark still opens.
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
 * @param from conversations last active on or after this day (UTC); null for any
 * @param to conversations last active on or before this day (UTC); null for any
 * @param dueFirst sorted by the running SLA target due soonest ({@code sort=due}) instead of newest
 *     activity
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
    String language,
    LocalDate from,
    LocalDate to,
    boolean dueFirst) {

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
          null,
          null,
          null,
          false);

  /** The filters of a request's parameters (as in {@link #params()}). */
  static InboxQuery of(Map<String, String> p) {
    String status = p.get("status");
    ConversationStatus s = ConversationStatus.OPEN;
    if (status != null && !status.isBlank()) {
      s = status.equalsIgnoreCase("all") ? null : enumOr(ConversationStatus.class, status, s);
    }
    Assignment a = enumOr(Assignment.class, p.get("assigned"), Assignment.ALL);
    String q = p.get("q");
    String query = q == null || q.isBlank() ? null : q.strip();
    if (query != null && query.length() > 200) {
      query = query.substring(0, 200);
    }
    ConversationKind k = kindOf(p.get("kind"));
    String team = p.get("team");
    Long t = team != null && team.matches("\\d{1,18}") ? Long.parseLong(team) : null;
    String tag = p.get("tag");
    String g = null;
    if (tag != null && !tag.isBlank()) {
      try {
        g = io.parley.conversations.Conversations.cleanTag(tag);
      } catch (IllegalArgumentException e) {
        g = null;
      }
    }
    String approval = p.get("approval");
    boolean waiting = "1".equals(approval) || "true".equalsIgnoreCase(approval);
    String language = p.get("lang");
    String l =
        language != null && language.trim().toLowerCase(Locale.ROOT).matches("[a-z]{2,3}")
            ? language.trim().toLowerCase(Locale.ROOT)
            : null;
    LocalDate from = day(p.get("from"));
    LocalDate to = day(p.get("to"));
    if (from != null && to != null && from.isAfter(to)) {
      LocalDate swap = from; // a range typed backwards still means the days between
      from = to;
      to = swap;
    }
    return new InboxQuery(
        s,
        a,
        Network.parse(p.get("network")),
        query,
        k,
        t,
        g,
        waiting,
        oneOf(INTENTS, p.get("intent")),
        oneOf(SENTIMENTS, p.get("sentiment")),
        l,
        from,
        to,
        "due".equalsIgnoreCase(p.get("sort")));
  }

  /** The filters of parameter names and values given in pairs. */
  static InboxQuery of(String... namesAndValues) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        p.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return of(p);
  }

  /** yyyy-mm-dd, or null for anything else (a stale or hand-edited link still opens). */
  private static LocalDate day(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
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
            : new InboxFilter.Triage(intent, sentiment, language),
        from == null && to == null
            ? null
            : new InboxFilter.Activity(
                from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
        dueFirst ? InboxFilter.Order.DUE_FIRST : InboxFilter.Order.NEWEST);
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
    if (from != null) {
      sb.append("&from=").append(from);
    }
    if (to != null) {
      sb.append("&to=").append(to);
    }
    if (dueFirst) {
      sb.append("&sort=due");
    }
    if (q != null) {
      sb.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
    }
    return sb.toString();
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
