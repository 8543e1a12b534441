package io.parley.routing;

import io.parley.conversations.ConversationKind;
import io.parley.conversations.Priority;
import io.parley.conversations.SavedReplies;
import io.parley.shared.Network;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stored routing rules of each workspace, in order. The built-in complaint fast lane is seeded
 * the first time a workspace's rules are read.
 */
@Repository
public class RoutingRules {

  /** Key of the seeded complaint rule. */
  public static final String COMPLAINT_FAST_LANE = "complaint-fast-lane";

  /** The tag the complaint fast lane adds. */
  public static final String COMPLAINT_TAG = "complaint";

  private static final String COLUMNS =
      "id, workspace_id, sort_order, name, enabled, built_in, network, channel_account_id,"
          + " conversation_kind, intent, sentiment, min_urgency, language, keywords, regex,"
          + " min_followers, business_hours, inside_business_hours, assign_team_id,"
          + " assign_user_id, set_priority, add_tag, require_approval, stop_processing,"
          + " created_at, contact_tag, suggest_reply_id, notify_user_id";

  private final JdbcClient jdbc;
  private final SavedReplies savedReplies;
  private final Clock clock;

  RoutingRules(JdbcClient jdbc, SavedReplies savedReplies, Clock clock) {
    this.jdbc = jdbc;
    this.savedReplies = savedReplies;
    this.clock = clock;
  }

  /** The workspace's rules in evaluation order (seeding the built-in ones on first use). */
  @Transactional
  public List<RoutingRule> list(long workspaceId) {
    seed(workspaceId);
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from routing_rules where workspace_id = ?"
                + " order by sort_order, id")
        .param(workspaceId)
        .query(RoutingRules::row)
        .list();
  }

  /** One rule of the workspace. */
  public Optional<RoutingRule> byId(long workspaceId, long id) {
    return jdbc.sql("select " + COLUMNS + " from routing_rules where workspace_id = ? and id = ?")
        .params(workspaceId, id)
        .query(RoutingRules::row)
        .optional();
  }

  /** Saves the rule after the workspace's existing ones; returns its id. */
  @Transactional
  public long add(long workspaceId, RuleDraft draft) {
    seed(workspaceId);
    return insert(workspaceId, draft, null);
  }

  /** Deletes the rule; false when the workspace has no such rule. */
  @Transactional
  public boolean delete(long workspaceId, long id) {
    return jdbc.sql("delete from routing_rules where workspace_id = ? and id = ?")
            .params(workspaceId, id)
            .update()
        > 0;
  }

  /** Seeds the complaint fast lane once per workspace. */
  void seed(long workspaceId) {
    Long seeded =
        jdbc.sql("select count(*) from routing_seeds where workspace_id = ?")
            .param(workspaceId)
            .query(Long.class)
            .single();
    if (seeded > 0) {
      return;
    }
    try {
      jdbc.sql("insert into routing_seeds (workspace_id, seeded_at) values (?, ?)")
          .params(workspaceId, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .update();
    } catch (DuplicateKeyException e) {
      return; // seeded concurrently
    }
    long apology =
        savedReplies.create(workspaceId, null, null, APOLOGY_TITLE, APOLOGY_TEXT, null).id();
    insert(workspaceId, complaintFastLane(apology), COMPLAINT_FAST_LANE);
  }

  /** Title of the workspace-wide saved reply the complaint fast lane suggests. */
  public static final String APOLOGY_TITLE = "Apology and next step";

  // Acknowledge, own it, move to a private channel: the shape support teams use for public
  // complaints. A starting point: teams edit or replace it on the Saved replies page.
  static final String APOLOGY_TEXT =
      "Hi {{contact.name}}, I'm sorry about this, it isn't the experience we want for you. I'm"
          + " looking into it now: could you send us a direct message with your order number so"
          + " we can sort it out? {{agent.first_name}}";

  /** Negative complaints: high priority, the complaint tag and an apology to start from. */
  static RuleDraft complaintFastLane(Long apologyReplyId) {
    return new RuleDraft(
        "Complaint fast lane",
        new RuleConditions(
            null,
            null,
            null,
            Intent.COMPLAINT,
            Sentiment.NEGATIVE,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        new RuleActions(
            null, null, Priority.HIGH, COMPLAINT_TAG, false, false, apologyReplyId, null));
  }

  private long insert(long workspaceId, RuleDraft d, String builtIn) {
    int next =
        jdbc.sql(
                "select coalesce(max(sort_order), 0) + 10 from routing_rules where workspace_id = ?")
            .param(workspaceId)
            .query(Integer.class)
            .single();
    RuleConditions c = d.conditions();
    RuleActions a = d.actions();
    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            "insert into routing_rules (workspace_id, sort_order, name, enabled, built_in,"
                + " network, channel_account_id, conversation_kind, intent, sentiment,"
                + " min_urgency, language, keywords, regex, min_followers, business_hours,"
                + " inside_business_hours, assign_team_id, assign_user_id, set_priority,"
                + " add_tag, require_approval, stop_processing, created_at, contact_tag,"
                + " suggest_reply_id, notify_user_id)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?)")
        .params(
            workspaceId,
            next,
            d.name(),
            true,
            builtIn,
            c.network() == null ? null : c.network().name(),
            c.channelAccountId(),
            c.kind() == null ? null : c.kind().name(),
            c.intent() == null ? null : c.intent().label(),
            c.sentiment() == null ? null : c.sentiment().label(),
            c.minUrgency(),
            c.language(),
            c.keywords(),
            c.regex(),
            c.minFollowers(),
            c.businessHours() == null ? null : c.businessHours().toString(),
            c.insideBusinessHours(),
            a.teamId(),
            a.assigneeId(),
            a.priority() == null ? null : a.priority().name(),
            a.tag(),
            a.requireApproval(),
            a.stop(),
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
            c.contactTag(),
            a.suggestedReplyId(),
            a.notifyUserId())
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  private static RoutingRule row(ResultSet rs, int n) throws SQLException {
    String network = rs.getString("network");
    String kind = rs.getString("conversation_kind");
    String intent = rs.getString("intent");
    String sentiment = rs.getString("sentiment");
    String hours = rs.getString("business_hours");
    String priority = rs.getString("set_priority");
    var conditions =
        new RuleConditions(
            network == null ? null : Network.valueOf(network),
            (Long) rs.getObject("channel_account_id", Long.class),
            kind == null ? null : ConversationKind.valueOf(kind),
            intent == null ? null : Intent.of(intent),
            sentiment == null ? null : Sentiment.of(sentiment),
            rs.getObject("min_urgency", Integer.class),
            rs.getString("language"),
            rs.getString("keywords"),
            rs.getString("regex"),
            rs.getObject("min_followers", Integer.class),
            hours == null ? null : BusinessHours.parse(hours),
            rs.getObject("inside_business_hours", Boolean.class),
            rs.getString("contact_tag"));
    var actions =
        new RuleActions(
            rs.getObject("assign_team_id", Long.class),
            rs.getObject("assign_user_id", Long.class),
            priority == null ? null : Priority.valueOf(priority),
            rs.getString("add_tag"),
            rs.getBoolean("require_approval"),
            rs.getBoolean("stop_processing"),
            rs.getObject("suggest_reply_id", Long.class),
            rs.getObject("notify_user_id", Long.class));
    return new RoutingRule(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        rs.getInt("sort_order"),
        rs.getString("name"),
        rs.getBoolean("enabled"),
        rs.getString("built_in"),
        conditions,
        actions,
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
