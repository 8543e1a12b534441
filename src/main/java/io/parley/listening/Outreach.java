package io.parley.listening;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversations;
import io.parley.ingestion.Ingestion;
import io.parley.ingestion.MessageReceived;
import io.parley.shared.Network;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Replies to opportunities. The opportunity's post is stored as a conversation (it lands in the
 * inbox like any mention), the reply is queued through {@link Conversations#queueReply} and so
 * delivered by the outbox, and the conversation stays linked to the opportunity: whatever the
 * person answers threads into it. The {@link EtiquetteGuard} decides first.
 *
 * <p>Also keeps the do-not-contact list: people marked by hand (e.g. they blocked the brand) and
 * people whose messages ask the brand to stop.
 */
@Service
public class Outreach {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Outreach.class);

  private static final Pattern STOP =
      Pattern.compile(
          "\\b(stop (messaging|contacting|replying|spamming|writing)|leave me alone|do not"
              + " (contact|message|reply)|don'?t (contact|message|reply to|dm|@) me|unsubscribe"
              + "|not interested,? stop|blocked you|blocking you|reported as spam)\\b");

  private final Opportunities opportunities;
  private final EtiquetteGuard guard;
  private final ChannelAccounts accounts;
  private final Ingestion ingestion;
  private final Conversations conversations;
  private final JdbcClient jdbc;
  private final Clock clock;

  Outreach(
      Opportunities opportunities,
      EtiquetteGuard guard,
      ChannelAccounts accounts,
      Ingestion ingestion,
      Conversations conversations,
      JdbcClient jdbc,
      Clock clock) {
    this.opportunities = opportunities;
    this.guard = guard;
    this.accounts = accounts;
    this.ingestion = ingestion;
    this.conversations = conversations;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** What the guard would say about this draft now. */
  public EtiquetteVerdict check(long workspaceId, long opportunityId, String draft) {
    return guard.check(opportunities.require(workspaceId, opportunityId), draft);
  }

  /**
   * Replies to the opportunity's post; returns the queued message's id. Refused with {@link
   * OutreachRefused} (nothing stored) when the guard blocks it.
   */
  @Transactional
  public long reply(long workspaceId, long opportunityId, long userId, String text) {
    return reply(workspaceId, opportunityId, userId, text, false);
  }

  /**
   * Replies like {@link #reply(long, long, long, String)}; with {@code overrideGuard} a blocked
   * reply is sent anyway and the blocks are stored with the outreach. Who may override (managers)
   * is the caller's decision, and so is the audit entry: this module does not know roles.
   */
  @Transactional
  public long reply(
      long workspaceId, long opportunityId, long userId, String text, boolean overrideGuard) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Write a reply before sending.");
    }
    if (text.length() > 4000) {
      throw new IllegalArgumentException(
          "This reply is " + text.length() + " characters long; at most 4000 are allowed.");
    }
    Opportunity o = opportunities.require(workspaceId, opportunityId);
    EtiquetteVerdict verdict = guard.check(o, text);
    if (!verdict.allowed() && !overrideGuard) {
      throw new OutreachRefused(verdict);
    }
    String overridden = verdict.allowed() ? null : String.join(" ", verdict.blocks());
    long conversationId = conversationOf(o);
    long messageId = conversations.queueReply(workspaceId, conversationId, userId, text);
    jdbc.sql(
            "insert into outreach (workspace_id, channel_account_id, network, author_external_id,"
                + " opportunity_id, message_id, sent_by_user_id, text, created_at,"
                + " guard_overridden) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            o.channelAccountId(),
            o.network().name(),
            o.authorExternalId(),
            o.id(),
            messageId,
            userId,
            EtiquetteGuard.normalize(text),
            Timestamp.from(clock.instant()),
            overridden == null || overridden.length() <= 2000
                ? overridden
                : overridden.substring(0, 2000))
        .update();
    opportunities.engaged(workspaceId, o.id(), conversationId);
    return messageId;
  }

  /** The conversation of the opportunity's post, stored from the opportunity when it is not yet. */
  private long conversationOf(Opportunity o) {
    if (o.conversationId() != null) {
      return o.conversationId();
    }
    var existing = conversations.findMessage(o.workspaceId(), o.network(), o.postExternalId());
    if (existing.isEmpty()) {
      ChannelAccount account =
          accounts
              .byId(o.channelAccountId())
              .orElseThrow(() -> new IllegalStateException("the opportunity's account is gone"));
      InboundItem post =
          new InboundItem(
              o.postExternalId(),
              InboundItem.Change.CREATED,
              InboundItem.Kind.MENTION,
              null,
              null,
              new InboundItem.Author(
                  o.authorExternalId(), o.authorHandle(), o.authorName(), o.authorFollowers()),
              false,
              o.postText(),
              List.of(),
              o.postCreatedAt(),
              o.postCreatedAt(),
              "{}");
      ingestion.ingest(account, List.of(post));
      existing = conversations.findMessage(o.workspaceId(), o.network(), o.postExternalId());
    }
    return existing
        .orElseThrow(() -> new IllegalStateException("the opportunity's post was not stored"))
        .conversationId();
  }

  /** Nobody replies to this person again (they blocked the brand, asked by e-mail, …). */
  @Transactional
  public void doNotContact(
      long workspaceId, Network network, String authorExternalId, String reason) {
    String why = reason == null || reason.isBlank() ? "marked as do not contact" : reason.strip();
    why = why.length() > 1000 ? why.substring(0, 1000) : why;
    int updated =
        jdbc.sql(
                "update do_not_contact set reason = ? where workspace_id = ? and network = ? and"
                    + " author_external_id = ?")
            .params(why, workspaceId, network.name(), authorExternalId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into do_not_contact (workspace_id, network, author_external_id, reason,"
                  + " created_at) values (?, ?, ?, ?, ?)")
          .params(
              workspaceId, network.name(), authorExternalId, why, Timestamp.from(clock.instant()))
          .update();
    }
  }

  /** Whether a message asks the brand to stop writing. */
  static boolean asksToStop(String text) {
    return text != null && STOP.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\'')).find();
  }

  /**
   * A person who answers outreach with "stop messaging me" (or the like) is put on the
   * do-not-contact list; only conversations started from an opportunity are read. Checked after the
   * ingest transaction commits, on a worker of its own, so ingestion and imports pay nothing for
   * it; when the worker falls behind, the ingesting thread runs the check itself (nothing is
   * skipped). A failure is logged.
   */
  @TransactionalEventListener(fallbackExecution = true)
  void on(MessageReceived received) {
    stopChecks.execute(
        () -> {
          try {
            inspect(received);
          } catch (RuntimeException e) {
            log.warn(
                "Could not check message {} for a stop request: {}",
                received.messageId(),
                e.toString());
          }
        });
  }

  private final ThreadPoolExecutor stopChecks =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "outreach-stop-checks");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  @PreDestroy
  void close() throws InterruptedException {
    stopChecks.shutdown();
    stopChecks.awaitTermination(10, TimeUnit.SECONDS);
  }

  void inspect(MessageReceived received) {
    // one indexed look-up: the message, if its conversation was started from an opportunity
    jdbc.sql(
            "select m.network, m.author_external_id, m.text from messages m where m.id = ?"
                + " and m.author_external_id is not null and exists (select 1 from opportunities o"
                + " where o.conversation_id = m.conversation_id)")
        .param(received.messageId())
        .query(
            (rs, row) -> {
              String text = rs.getString(3);
              if (asksToStop(text)) {
                doNotContact(
                    received.workspaceId(),
                    Network.valueOf(rs.getString(1)),
                    rs.getString(2),
                    "they asked the brand to stop (\""
                        + (text.length() > 120 ? text.substring(0, 120) + "…" : text)
                        + "\")");
              }
              return true;
            })
        .list();
  }
}
