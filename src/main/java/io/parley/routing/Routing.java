package io.parley.routing;

import io.parley.conversations.ConversationAssigned;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.ConversationUpdated;
import io.parley.conversations.Priority;
import io.parley.shared.Network;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a workspace's routing rules to inbound messages, once per message, and tests a rule
 * against recent messages without saving it.
 */
@Service
public class Routing {

  /** How many recent messages {@link #test} evaluates. */
  public static final int TEST_WINDOW = 1_000;

  private static final String SELECT =
      "select m.id, m.conversation_id, m.workspace_id, m.network, m.channel_account_id, c.kind,"
          + " m.text, m.created_at, ci.followers, t.sentiment, t.intents, t.language, t.urgency,"
          + " m.contact_id"
          + " from messages m join conversations c on c.id = m.conversation_id"
          + " left join message_triage t on t.message_id = m.id"
          + " left join contact_identities ci on ci.workspace_id = m.workspace_id"
          + " and ci.network = m.network and ci.external_id = m.author_external_id"
          + " where m.direction = 'IN' and m.deleted = false";

  private final JdbcClient jdbc;
  private final RoutingRules rules;
  private final ApplicationEventPublisher events;
  private final SlaClocks sla;
  private final Clock clock;

  Routing(
      JdbcClient jdbc,
      RoutingRules rules,
      SlaClocks sla,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.sla = sla;
    this.events = events;
    this.clock = clock;
  }

  /** What routing did to one message. */
  public record Outcome(long messageId, List<Long> matchedRuleIds) {}

  /**
   * Runs the workspace's enabled rules, in order, on the message and applies the actions of each
   * matching rule until one says stop, then starts (or shortens) the conversation's first-response
   * clock ({@link SlaClocks}). Empty when the message was routed before, is not inbound or is gone.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Optional<Outcome> route(long messageId) {
    List<RoutedMessage> found =
        withContactTags(
            jdbc.sql(SELECT + " and m.id = ?").param(messageId).query(Routing::row).list());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RoutedMessage m = found.getFirst();
    List<RoutingRule> matched = new ArrayList<>();
    for (RoutingRule r : rules.list(m.workspaceId())) {
      if (r.enabled() && r.conditions().compile().test(m)) {
        matched.add(r);
        if (r.actions().stop()) {
          break;
        }
      }
    }
    List<Long> ids = matched.stream().map(RoutingRule::id).toList();
    try {
      jdbc.sql(
              "insert into routed_messages (message_id, workspace_id, matched_rules, routed_at)"
                  + " values (?, ?, ?, ?)")
          .params(
              messageId,
              m.workspaceId(),
              ids.stream().map(String::valueOf).collect(Collectors.joining(",")),
              OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .update();
    } catch (DuplicateKeyException e) {
      return Optional.empty(); // routed before (a duplicate or replayed event)
    }
    if (!matched.isEmpty()) {
      apply(m, matched);
    }
    sla.started(m);
    return Optional.of(new Outcome(messageId, ids));
  }

  /** Whether the message has been routed. */
  public boolean routed(long messageId) {
    return jdbc.sql("select count(*) from routed_messages where message_id = ?")
            .param(messageId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Whether replies on the conversation need a manager's approval. */
  public boolean approvalRequired(long workspaceId, long conversationId) {
    return jdbc.sql("select approval_required from conversations where workspace_id = ? and id = ?")
        .params(workspaceId, conversationId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  private void apply(RoutedMessage m, List<RoutingRule> matched) {
    var current =
        jdbc.sql("select priority, team_id, assignee_id from conversations where id = ?")
            .param(m.conversationId())
            .query(
                (rs, n) ->
                    new Object[] {
                      Priority.valueOf(rs.getString(1)),
                      rs.getObject(2, Long.class),
                      rs.getObject(3, Long.class)
                    })
            .single();
    Priority priority = (Priority) current[0];
    Long team = (Long) current[1];
    Long assignee = (Long) current[2];
    boolean approval = false;
    Long suggestion = null;
    for (RoutingRule r : matched) {
      RuleActions a = r.actions();
      if (suggestion == null && a.suggestedReplyId() != null) {
        suggestion = a.suggestedReplyId();
      }
      if (a.notifyUserId() != null) {
        events.publishEvent(
            new RuleNotified(
                m.conversationId(),
                m.workspaceId(),
                m.messageId(),
                r.id(),
                r.name(),
                a.notifyUserId()));
      }
      if (a.priority() != null && a.priority().compareTo(priority) > 0) {
        priority = a.priority();
      }
      if (team == null && a.teamId() != null) {
        team = a.teamId();
      }
      if (assignee == null && a.assigneeId() != null) {
        assignee = a.assigneeId();
      }
      approval |= a.requireApproval();
      if (a.tag() != null) {
        addTag(m.conversationId(), a.tag());
      }
    }
    jdbc.sql(
            "update conversations set priority = ?, team_id = ?, assignee_id = ?,"
                + " approval_required = (approval_required or ?), version = version + 1"
                + " where id = ?")
        .params(priority.name(), team, assignee, approval, m.conversationId())
        .update();
    if (suggestion != null) {
      // the earliest suggestion stays: a later message must not swap the reply under the agent
      jdbc.sql(
              "update conversations set suggested_reply_id = ? where id = ?"
                  + " and suggested_reply_id is null")
          .params(suggestion, m.conversationId())
          .update();
    }
    events.publishEvent(new ConversationUpdated(m.conversationId(), m.workspaceId(), "routed"));
    if (assignee != null && current[2] == null) {
      events.publishEvent(
          new ConversationAssigned(
              m.conversationId(), m.workspaceId(), assignee, null, clock.instant()));
    }
  }

  private void addTag(long conversationId, String tag) {
    long present =
        jdbc.sql("select count(*) from conversation_tags where conversation_id = ? and tag = ?")
            .params(conversationId, tag)
            .query(Long.class)
            .single();
    if (present == 0) {
      try {
        jdbc.sql("insert into conversation_tags (conversation_id, tag) values (?, ?)")
            .params(conversationId, tag)
            .update();
      } catch (DuplicateKeyException e) {
        // added concurrently
      }
    }
  }

  /** What {@link #test} found. */
  public record TestResult(int evaluated, List<RoutedMessage> matches) {}

  /**
   * Evaluates the draft over the workspace's last {@value #TEST_WINDOW} inbound messages (newest
   * first) without saving or changing anything.
   */
  @Transactional(readOnly = true)
  public TestResult test(long workspaceId, RuleDraft draft) {
    List<RoutedMessage> recent =
        withContactTags(
            jdbc.sql(SELECT + " and m.workspace_id = ? order by m.created_at desc, m.id desc")
                .param(workspaceId)
                .withMaxRows(TEST_WINDOW)
                .query(Routing::row)
                .list());
    var predicate = draft.conditions().compile();
    return new TestResult(recent.size(), recent.stream().filter(predicate::test).toList());
  }

  /** A message as read, with its author's contact (tags are looked up for many at once). */
  private record Row(RoutedMessage message, Long contactId) {}

  private List<RoutedMessage> withContactTags(List<Row> rows) {
    List<Long> contactIds =
        rows.stream().map(Row::contactId).filter(java.util.Objects::nonNull).distinct().toList();
    Map<Long, Set<String>> tags = new HashMap<>();
    // contact_tags belongs to contacts; read by name like contact_identities above
    for (int from = 0; from < contactIds.size(); from += 500) {
      List<Long> chunk = contactIds.subList(from, Math.min(contactIds.size(), from + 500));
      jdbc.sql(
              "select contact_id, tag from contact_tags where contact_id in ("
                  + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                  + ")")
          .params(new ArrayList<Object>(chunk))
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs ->
                      tags.computeIfAbsent(rs.getLong(1), k -> new HashSet<>())
                          .add(rs.getString(2).toLowerCase(java.util.Locale.ROOT)));
    }
    return rows.stream()
        .map(
            r ->
                r.contactId() == null
                    ? r.message()
                    : r.message().withContactTags(tags.getOrDefault(r.contactId(), Set.of())))
        .toList();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    String sentiment = rs.getString("sentiment");
    String intents = rs.getString("intents");
    var message =
        new RoutedMessage(
            rs.getLong("id"),
            rs.getLong("conversation_id"),
            rs.getLong("workspace_id"),
            Network.valueOf(rs.getString("network")),
            rs.getLong("channel_account_id"),
            ConversationKind.valueOf(rs.getString("kind")),
            rs.getString("text"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("followers", Integer.class),
            sentiment == null ? null : Sentiment.of(sentiment),
            intents == null
                ? null
                : Arrays.stream(intents.split(","))
                    .filter(s -> !s.isBlank())
                    .map(Intent::of)
                    .toList(),
            rs.getString("language"),
            rs.getObject("urgency", Integer.class),
            Set.of());
    return new Row(message, rs.getObject("contact_id", Long.class));
  }
}
