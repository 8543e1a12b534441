package io.parley.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.conversations.Conversations;
import io.parley.conversations.NoteAdded;
import io.parley.ingestion.Ingestion;
import io.parley.routing.RoutingRules;
import io.parley.routing.RuleActions;
import io.parley.routing.RuleConditions;
import io.parley.routing.RuleDraft;
import io.parley.routing.SlaBreached;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Notifications and webhook deliveries on both databases (see {@link NotificationsTest}): who is
 * notified of a mention, an assignment and a breach, once per event; deliveries signed, retried and
 * recorded once.
 */
abstract class NotificationsContract {

  static final String SECRET = "s3cret-for-the-receiver";

  @Autowired Fixtures fixtures;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Users users;
  @Autowired Notifications notifications;
  @Autowired Webhooks webhooks;
  @Autowired WebhookDeliveries deliveries;
  @Autowired ApplicationEventPublisher events;
  @Autowired JdbcClient jdbc;
  @Autowired RoutingRules rules;
  @Autowired java.time.Clock clock;

  @Test
  void aMentionNotifiesTheColleagueOnceButNotTheAuthorNorANamesakeElsewhere() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    User ada =
        users.create(
            ws.id(), "ada.agent-" + suffix() + "@example.test", "Ada Agent", "x", Role.AGENT);
    User ben = users.create(ws.id(), mail(), "Ben Boss", "x", Role.MANAGER);
    Workspace other = fixtures.workspace();
    User namesake = users.create(other.id(), mail(), "Ada Agent", "x", Role.AGENT);
    long c = open(x, "My parcel is lost");

    long note = conversations.addNote(ws.id(), c, ben.id(), "@Ada, can you look? @Ben knows.");

    assertThat(notifications.recent(ws.id(), ada.id(), 10))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo(Notifications.Kind.MENTION);
              assertThat(n.title()).isEqualTo("Ben Boss mentioned you in a note");
              assertThat(n.detail()).contains("can you look?");
              assertThat(n.link()).isEqualTo("/conversations/" + c);
              assertThat(n.unread()).isTrue();
            });
    assertThat(notifications.unreadCount(ben.id())).as("the author").isZero();
    assertThat(notifications.unreadCount(namesake.id())).as("another workspace").isZero();

    // A replayed event notifies nobody twice.
    events.publishEvent(new NoteAdded(note, c, ws.id(), ben.id()));
    assertThat(notifications.unreadCount(ada.id())).isEqualTo(1);

    assertThat(notifications.markAllRead(ada.id())).isEqualTo(1);
    assertThat(notifications.unreadCount(ada.id())).isZero();
    assertThat(notifications.recent(ws.id(), ada.id(), 10).getFirst().unread()).isFalse();
  }

  @Test
  void mentionsMatchTheEmailNameTheFullNameOrAnUnambiguousFirstName() {
    Workspace ws = fixtures.workspace();
    String local = "ada.agent" + suffix();
    User ada = users.create(ws.id(), local + "@example.test", "Ada Agent", "x", Role.AGENT);
    User cy = users.create(ws.id(), mail(), "Cy Twin", "x", Role.AGENT);
    User cy2 = users.create(ws.id(), mail(), "Cy Other", "x", Role.AGENT);
    List<User> all = List.of(ada, cy, cy2);

    assertThat(Mentions.in("ping @" + local + ".", all)).containsExactly(ada);
    assertThat(Mentions.in("@AdaAgent and @ada.agent", all)).containsExactly(ada);
    assertThat(Mentions.in("@Cy", all)).as("two people are called Cy").isEmpty();
    assertThat(Mentions.in("@Cy.Twin", all)).containsExactly(cy);
    assertThat(Mentions.in("mail ada@example.test", all)).as("an email address").isEmpty();
  }

  @Test
  void assignmentBySomeoneElseAndBreachesNotifyTheAssigneeOrTheManagers() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    User ada = users.create(ws.id(), mail(), "Ada Agent", "x", Role.AGENT);
    User mia = users.create(ws.id(), mail(), "Mia Manager", "x", Role.MANAGER);
    long c = open(x, "Where is my order");
    long d = open(x, "Nobody answers");

    conversations.assign(ws.id(), c, ada.id(), ada.id());
    assertThat(notifications.unreadCount(ada.id())).as("taking it yourself").isZero();
    conversations.assign(ws.id(), c, null, mia.id());
    conversations.assign(ws.id(), c, ada.id(), mia.id());
    assertThat(notifications.recent(ws.id(), ada.id(), 10))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo(Notifications.Kind.ASSIGNED);
              assertThat(n.title()).isEqualTo("Mia Manager assigned you a conversation");
              assertThat(n.conversationId()).isEqualTo(c);
            });

    Instant due = Instant.parse("2026-01-01T10:00:00Z");
    events.publishEvent(new SlaBreached(c, ws.id(), io.parley.routing.SlaKind.FIRST_RESPONSE, due));
    events.publishEvent(new SlaBreached(c, ws.id(), io.parley.routing.SlaKind.FIRST_RESPONSE, due));
    assertThat(notifications.recent(ws.id(), ada.id(), 10))
        .filteredOn(n -> n.kind() == Notifications.Kind.SLA_BREACHED)
        .singleElement()
        .satisfies(n -> assertThat(n.conversationId()).isEqualTo(c));
    assertThat(notifications.recent(ws.id(), mia.id(), 10))
        .as("assigned: not the manager")
        .isEmpty();

    events.publishEvent(new SlaBreached(d, ws.id(), io.parley.routing.SlaKind.FIRST_RESPONSE, due));
    assertThat(notifications.recent(ws.id(), mia.id(), 10))
        .singleElement()
        .satisfies(n -> assertThat(n.title()).contains("unassigned"));
    assertThat(
            notifications.markRead(
                mia.id(), notifications.recent(ws.id(), mia.id(), 1).getFirst().id()))
        .contains(d);
    assertThat(notifications.unreadCount(mia.id())).isZero();
  }

  @Test
  void aTargetAboutToPassWarnsTheAssigneeOnceAndQueuesTheApproachingWebhook() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    User ada = users.create(ws.id(), mail(), "Ada Agent", "x", Role.AGENT);
    User mia = users.create(ws.id(), mail(), "Mia Manager", "x", Role.MANAGER);
    webhooks.add(
        ws.id(),
        "http://127.0.0.1:9/hooks",
        SECRET,
        Set.of(WebhookEvent.SLA_APPROACHING, WebhookEvent.SLA_BREACHED));
    long c = open(x, "Still waiting for my refund");
    conversations.assign(ws.id(), c, ada.id(), mia.id());
    notifications.markAllRead(ada.id());
    Instant due = clock.instant().plus(java.time.Duration.ofMinutes(20)).plusSeconds(30);

    var warning =
        new io.parley.routing.SlaBreachApproaching(
            c, ws.id(), io.parley.routing.SlaKind.FIRST_RESPONSE, due);
    events.publishEvent(warning);
    events.publishEvent(warning); // replayed

    assertThat(notifications.recent(ws.id(), ada.id(), 10))
        .filteredOn(n -> n.kind() == Notifications.Kind.SLA_APPROACHING)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.title())
                  .matches(
                      "The first response target passes in 2[01] minutes on a conversation"
                          + " assigned to you");
              assertThat(n.conversationId()).isEqualTo(c);
              assertThat(n.detail()).contains("Still waiting");
            });
    assertThat(deliveries.recent(ws.id(), 10))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.event()).isEqualTo("sla.approaching");
              assertThat(
                      jdbc.sql("select payload from webhook_deliveries where id = ?")
                          .param(d.id())
                          .query(String.class)
                          .single())
                  .contains("\"kind\":\"first_response\"");
            });

    // The breach that follows is news of its own, to the person and to the webhook.
    events.publishEvent(new SlaBreached(c, ws.id(), io.parley.routing.SlaKind.FIRST_RESPONSE, due));
    assertThat(notifications.recent(ws.id(), ada.id(), 10))
        .extracting(Notifications.Notification::kind)
        .contains(Notifications.Kind.SLA_APPROACHING, Notifications.Kind.SLA_BREACHED);
    assertThat(deliveries.recent(ws.id(), 10))
        .extracting(WebhookDeliveries.Delivery::event)
        .containsExactlyInAnyOrder("sla.approaching", "sla.breached");
    assertThat(notifications.unreadCount(mia.id())).as("assigned: not the manager").isZero();
  }

  @Test
  void aRuleThatNotifiesTellsThePersonOncePerConversation() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    User pr = users.create(ws.id(), mail(), "Pat Press", "x", Role.AGENT);
    rules.add(
        ws.id(),
        new RuleDraft(
            "Journalists to PR",
            new RuleConditions(
                null, null, null, null, null, null, null, "journalist", null, null, null, null),
            new RuleActions(null, null, null, null, false, false, null, pr.id())));

    long c = open(x, "I'm a journalist writing about your recall");
    String first = conversations.messages(c).getFirst().externalId();
    ingestion.ingest(
        x,
        List.of(
            Fixtures.item(
                UUID.randomUUID().toString(),
                first,
                "as a journalist I need a quote",
                Instant.now())));
    open(x, "nice shop");

    assertThat(notifications.recent(ws.id(), pr.id(), 10))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo(Notifications.Kind.RULE_MATCHED);
              assertThat(n.title())
                  .isEqualTo("The routing rule “Journalists to PR” matched a conversation");
              assertThat(n.conversationId()).isEqualTo(c);
            });
  }

  @Test
  void aRoutingRuleAssignmentNotifiesTheAssigneeAndQueuesTheAssignedWebhook() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    User ada = users.create(ws.id(), mail(), "Ada Agent", "x", Role.AGENT);
    webhooks.add(
        ws.id(), "http://127.0.0.1:9/hooks", SECRET, Set.of(WebhookEvent.CONVERSATION_ASSIGNED));
    rules.add(
        ws.id(),
        new RuleDraft(
            "Refunds to Ada",
            new RuleConditions(
                null, null, null, null, null, null, null, "refund", null, null, null, null),
            new RuleActions(null, ada.id(), null, null, false, false)));

    long c = open(x, "I want a refund");

    assertThat(notifications.recent(ws.id(), ada.id(), 10))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.title()).isEqualTo("A routing rule assigned you a conversation");
              assertThat(n.conversationId()).isEqualTo(c);
            });
    assertThat(deliveries.recent(ws.id(), 10))
        .singleElement()
        .satisfies(d -> assertThat(d.event()).isEqualTo("conversation.assigned"));
  }

  @Test
  void aDeliveryIsSignedRetriedAfterA500AndRecordedDeliveredOnce() throws Exception {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    try (var receiver = new WebhookReceiver(500, 200)) {
      webhooks.add(ws.id(), receiver.url(), SECRET, Set.of(WebhookEvent.CONVERSATION_CREATED));
      long c = open(x, "Hello there");
      // A second message in the same conversation is no new conversation.
      ingestion.ingest(
          x,
          List.of(
              Fixtures.item(
                  UUID.randomUUID().toString(),
                  conversations.messages(c).getFirst().externalId(),
                  "again",
                  Instant.now())));

      assertThat(deliveries.deliverDue()).isEqualTo(1);
      var first = only(ws);
      assertThat(first.state()).isEqualTo(WebhookDeliveries.State.PENDING);
      assertThat(first.lastError()).contains("HTTP 500");
      assertThat(deliveries.deliverDue()).as("the retry waits").isZero();

      makeDue(first.id());
      assertThat(deliveries.deliverDue()).isEqualTo(1);
      makeDue(first.id());
      assertThat(deliveries.deliverDue()).as("delivered: never again").isZero();

      var done = only(ws);
      assertThat(done.state()).isEqualTo(WebhookDeliveries.State.DELIVERED);
      assertThat(done.attempts()).isEqualTo(2);
      assertThat(done.lastStatus()).isEqualTo(200);
      assertThat(receiver.received()).hasSize(2);
      for (var r : receiver.received()) {
        assertThat(r.header("X-Parley-Event")).isEqualTo("conversation.created");
        assertThat(r.header("X-Parley-Delivery")).isEqualTo(done.deliveryKey());
        assertThat(r.body()).contains("\"conversationId\":" + c);
        String expected = "sha256=" + hmac(SECRET, r.header("X-Parley-Timestamp") + "." + r.body());
        assertThat(r.header("X-Parley-Signature")).isEqualTo(expected);
      }
    }
  }

  @Test
  void urlsAtLinkLocalAddressesAndOtherSchemesAreRefused() {
    Workspace ws = fixtures.workspace();
    Set<WebhookEvent> created = Set.of(WebhookEvent.CONVERSATION_CREATED);
    assertThatThrownBy(
            () -> webhooks.add(ws.id(), "http://169.254.169.254/latest/meta-data", SECRET, created))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("link-local or cloud metadata");
    assertThatThrownBy(() -> webhooks.add(ws.id(), "ftp://127.0.0.1/x", SECRET, created))
        .hasMessageContaining("Only http:// and https://");
    assertThatThrownBy(() -> webhooks.add(ws.id(), "http://127.0.0.1/x", "short", created))
        .hasMessageContaining("16 characters");
    assertThat(webhooks.list(ws.id())).isEmpty();
    long id = webhooks.add(ws.id(), "http://127.0.0.1:9/x", SECRET, created);
    assertThat(
            jdbc.sql("select secret_encrypted from webhooks where id = ?")
                .param(id)
                .query(String.class)
                .single())
        .as("stored encrypted")
        .doesNotContain(SECRET);
    assertThat(webhooks.secret(id)).isEqualTo(SECRET);
  }

  private WebhookDeliveries.Delivery only(Workspace ws) {
    List<WebhookDeliveries.Delivery> all = deliveries.recent(ws.id(), 10);
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  private void makeDue(long deliveryId) {
    jdbc.sql("update webhook_deliveries set next_attempt_at = ? where id = ?")
        .params(java.sql.Timestamp.from(Instant.now().minusSeconds(1)), deliveryId)
        .update();
  }

  static String hmac(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  private long open(ChannelAccount account, String text) {
    String id = UUID.randomUUID().toString();
    ingestion.ingest(account, List.of(Fixtures.item(id, null, text, Instant.now())));
    return conversations
        .findMessage(account.workspaceId(), account.network(), id)
        .orElseThrow()
        .conversationId();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  private static String mail() {
    return "p-" + UUID.randomUUID() + "@example.test";
  }
}
