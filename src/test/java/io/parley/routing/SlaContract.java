package io.parley.routing;

import static io.parley.testing.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Priority;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** First-response clocks with a mutable clock, on H2 and PostgreSQL (see {@link SlaTest}). */
@RecordApplicationEvents
abstract class SlaContract {

  static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  @TestConfiguration
  static class Clocks {
    @Bean
    MutableClock clock() {
      return new MutableClock(START);
    }
  }

  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Fixtures fixtures;
  @Autowired RoutingRules rules;
  @Autowired SlaPolicies policies;
  @Autowired SlaClocks clocks;
  @Autowired SlaCalendars calendars;
  @Autowired Users users;
  @Autowired MutableClock clock;
  @Autowired ApplicationEvents events;

  ChannelAccount account;
  long workspace;
  Instant t0;

  @BeforeEach
  void setUp() {
    var ws = fixtures.workspace();
    workspace = ws.id();
    account = fixtures.channel(ws, Network.SANDBOX);
    t0 = clock.instant();
    clocks.check(); // settle clocks other tests left running in this context
  }

  long conversationOf(String text) {
    return conversations
        .list(new InboxFilter(workspace, null, null, InboxFilter.Assignment.ALL, 0, null, 100))
        .stream()
        .filter(c -> c.preview().equals(text))
        .findFirst()
        .orElseThrow()
        .id();
  }

  long published(Class<?> type, long conversation) {
    return published(type, conversation, SlaKind.FIRST_RESPONSE);
  }

  long published(Class<?> type, long conversation, SlaKind kind) {
    if (type == SlaBreached.class) {
      return events.stream(SlaBreached.class)
          .filter(e -> e.conversationId() == conversation && e.kind() == kind)
          .count();
    }
    return events.stream(SlaBreachApproaching.class)
        .filter(e -> e.conversationId() == conversation && e.kind() == kind)
        .count();
  }

  User agent() {
    return users.create(workspace, UUID.randomUUID() + "@example.org", "Agent", "x", Role.AGENT);
  }

  @Test
  void theFirstInboundMessageStartsTheClockAndTheFirstReplyStopsIt() {
    policies.add(
        workspace,
        null,
        Priority.NORMAL,
        new SlaPolicies.Target(Duration.ofMinutes(90), Duration.ofMinutes(15)));
    ingestion.ingest(account, List.of(item("s1", null, "where is my order", t0)));
    long conversation = conversationOf("where is my order");

    SlaClock c = clocks.clock(conversation).orElseThrow();
    assertThat(c.startedAt()).isEqualTo(t0);
    assertThat(c.dueAt()).isEqualTo(t0.plus(Duration.ofMinutes(90)));
    assertThat(c.left(t0.plusSeconds(600))).isEqualTo(Duration.ofMinutes(80));

    ingestion.ingest(account, List.of(item("s2", "s1", "hello??", t0.plusSeconds(60))));
    assertThat(clocks.clock(conversation).orElseThrow().dueAt())
        .as("a second message does not restart the clock")
        .isEqualTo(t0.plus(Duration.ofMinutes(90)));

    var agent =
        users.create(workspace, UUID.randomUUID() + "@example.org", "Agent", "x", Role.AGENT);
    clock.advance(Duration.ofMinutes(20));
    conversations.queueReply(workspace, conversation, agent.id(), "On its way!");
    SlaClock stopped = clocks.clock(conversation).orElseThrow();
    assertThat(stopped.stoppedAt()).isEqualTo(t0.plus(Duration.ofMinutes(20)));

    clock.advance(Duration.ofHours(3));
    conversations.queueReply(workspace, conversation, agent.id(), "Anything else?");
    assertThat(clocks.clock(conversation).orElseThrow().stoppedAt())
        .isEqualTo(t0.plus(Duration.ofMinutes(20)));
    clocks.check();
    assertThat(published(SlaBreached.class, conversation)).isZero();
    assertThat(published(SlaBreachApproaching.class, conversation)).isZero();
  }

  @Autowired SlaReport report;

  @Test
  void theReportCountsTargetsMetAndFirstResponseTimesFromTheMessages() {
    policies.add(
        workspace,
        null,
        Priority.NORMAL,
        new SlaPolicies.Target(Duration.ofMinutes(60), Duration.ofMinutes(15)));
    User ada = agent();
    User ben = agent();
    ingestion.ingest(
        account,
        List.of(
            item("ra", null, "report a", t0),
            item("rb", null, "report b", t0.plusSeconds(60)),
            item("rc", null, "report c", t0.plusSeconds(120)),
            item("rd", null, "report d", t0.plusSeconds(180))));
    clock.advance(Duration.ofMinutes(20));
    conversations.queueReply(workspace, conversationOf("report a"), ada.id(), "a!");
    clock.advance(Duration.ofMinutes(22));
    conversations.queueReply(workspace, conversationOf("report c"), ada.id(), "c!");
    clock.advance(Duration.ofMinutes(49));
    conversations.queueReply(workspace, conversationOf("report b"), ben.id(), "b, late");
    ingestion.ingest(account, List.of(item("re", null, "report e", clock.instant())));

    var r =
        report.report(
            workspace,
            t0.atOffset(java.time.ZoneOffset.UTC).toLocalDate(),
            clock.instant().atOffset(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1));

    // a: 20m met; c: 40m met; b: 90m missed; d: unanswered past its target; e: still in time
    assertThat(r.total().conversations()).isEqualTo(5);
    assertThat(r.total().decided()).isEqualTo(4);
    assertThat(r.total().met()).isEqualTo(2);
    assertThat(r.total().waiting()).isEqualTo(1);
    assertThat(r.total().metPercent()).isEqualTo(50);
    assertThat(r.total().median()).isEqualTo(Duration.ofMinutes(40));
    assertThat(r.total().p90()).isEqualTo(Duration.ofMinutes(90));
    assertThat(r.agents())
        .extracting(
            SlaReport.Row::key, SlaReport.Row::met, SlaReport.Row::median, SlaReport.Row::p90)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "" + ada.id(), 2, Duration.ofMinutes(20), Duration.ofMinutes(40)),
            org.assertj.core.groups.Tuple.tuple(
                "" + ben.id(), 0, Duration.ofMinutes(90), Duration.ofMinutes(90)));
    assertThat(r.teams()).extracting(SlaReport.Row::key).containsExactly("");
    assertThat(r.weeks().stream().mapToInt(SlaReport.Row::conversations).sum()).isEqualTo(5);

    assertThat(report.report(workspace, r.to(), r.to().plusDays(7)).total().conversations())
        .as("nothing started in a later range")
        .isZero();
  }

  @Test
  void theInboxCanListTheMostUrgentTargetFirst() {
    ingestion.ingest(
        account,
        List.of(
            item("o1", null, "order a", t0),
            item("o2", null, "order b", t0.plusSeconds(60)),
            item("o3", null, "order c", t0.plusSeconds(120))));
    clock.advance(Duration.ofMinutes(5));
    conversations.queueReply(workspace, conversationOf("order c"), agent().id(), "Answered!");

    java.util.function.Function<InboxFilter.Order, List<String>> listed =
        order ->
            conversations.list(InboxFilter.all(workspace, 50).withOrder(order)).stream()
                .map(io.parley.conversations.Conversation::preview)
                .filter(p -> p.startsWith("order "))
                .toList();

    assertThat(listed.apply(InboxFilter.Order.NEWEST))
        .as("c was answered last")
        .containsExactly("order c", "order b", "order a");
    // a: due first; b a minute later; c's first response is stopped, only its later
    // resolution target runs
    assertThat(listed.apply(InboxFilter.Order.DUE_FIRST))
        .containsExactly("order a", "order b", "order c");
  }

  @Test
  void warningAndBreachFireOnceEachAtTheirTime() {
    ingestion.ingest(account, List.of(item("w1", null, "nobody answers here", t0)));
    long conversation = conversationOf("nobody answers here");
    // default NORMAL target: 4 h, warning 1 h before
    clock.advance(Duration.ofHours(2));
    clocks.check();
    assertThat(published(SlaBreachApproaching.class, conversation)).isZero();

    clock.advance(Duration.ofMinutes(61));
    clocks.check();
    clocks.check();
    assertThat(published(SlaBreachApproaching.class, conversation)).isEqualTo(1);
    assertThat(published(SlaBreached.class, conversation)).isZero();

    clock.advance(Duration.ofHours(1));
    clocks.check();
    clocks.check();
    assertThat(published(SlaBreached.class, conversation)).isEqualTo(1);
    assertThat(published(SlaBreachApproaching.class, conversation)).isEqualTo(1);
    assertThat(clocks.clock(conversation).orElseThrow().left(clock.instant()))
        .isEqualTo(Duration.ofMinutes(-1));
  }

  @Test
  void raisingThePriorityShortensARunningClock() {
    rules.add(
        workspace,
        new RuleDraft(
            "Lawyers",
            new RuleConditions(
                null, null, null, null, null, null, null, "lawyer", null, null, null, null),
            new RuleActions(null, null, Priority.URGENT, null, false, false)));
    ingestion.ingest(account, List.of(item("u1", null, "hi", t0)));
    long conversation = conversationOf("hi");
    assertThat(clocks.clock(conversation).orElseThrow().dueAt())
        .isEqualTo(t0.plus(Duration.ofHours(4)));

    ingestion.ingest(
        account, List.of(item("u2", "u1", "I will call my lawyer", t0.plusSeconds(600))));
    assertThat(clocks.clock(conversation).orElseThrow().dueAt())
        .as("urgent target counts from the first message")
        .isEqualTo(t0.plus(Duration.ofMinutes(30)));
  }

  @Test
  void theMostSpecificPolicyApplies() {
    policies.add(
        workspace, null, null, new SlaPolicies.Target(Duration.ofHours(10), Duration.ZERO));
    policies.add(
        workspace, null, Priority.HIGH, new SlaPolicies.Target(Duration.ofHours(2), Duration.ZERO));
    assertThat(policies.target(workspace, null, Priority.HIGH).firstResponse())
        .isEqualTo(Duration.ofHours(2));
    assertThat(policies.target(workspace, null, Priority.LOW).firstResponse())
        .isEqualTo(Duration.ofHours(10));
    assertThat(policies.target(fixtures.workspace().id(), null, Priority.HIGH).firstResponse())
        .as("built-in default")
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aCustomerMessageAfterAReplyStartsTheNextResponseClock() {
    policies.add(
        workspace,
        null,
        Priority.NORMAL,
        new SlaPolicies.Target(
            Duration.ofMinutes(90), Duration.ofMinutes(15), Duration.ofMinutes(20), null));
    ingestion.ingest(account, List.of(item("n1", null, "my parcel is lost", t0)));
    long conversation = conversationOf("my parcel is lost");
    var agent = agent();
    clock.advance(Duration.ofMinutes(10));
    conversations.queueReply(workspace, conversation, agent.id(), "Let me check");
    assertThat(clocks.clock(conversation, SlaKind.NEXT_RESPONSE)).isEmpty();

    clock.advance(Duration.ofMinutes(20));
    Instant asked = clock.instant();
    ingestion.ingest(account, List.of(item("n2", "n1", "any news?", asked)));
    SlaClock next = clocks.clock(conversation, SlaKind.NEXT_RESPONSE).orElseThrow();
    assertThat(next.startedAt()).isEqualTo(asked);
    assertThat(next.dueAt()).isEqualTo(asked.plus(Duration.ofMinutes(20)));
    assertThat(clocks.mostUrgent(conversation).orElseThrow().kind())
        .as("the next response is due before the resolution")
        .isEqualTo(SlaKind.NEXT_RESPONSE);

    clock.advance(Duration.ofMinutes(5));
    ingestion.ingest(account, List.of(item("n3", "n1", "hello?", clock.instant())));
    assertThat(clocks.clock(conversation, SlaKind.NEXT_RESPONSE).orElseThrow().startedAt())
        .as("one running next-response clock at a time")
        .isEqualTo(asked);

    clock.advance(Duration.ofMinutes(10)); // warning 15 min before the 20 min target
    clocks.check();
    clocks.check();
    assertThat(published(SlaBreachApproaching.class, conversation, SlaKind.NEXT_RESPONSE))
        .isEqualTo(1);
    assertThat(published(SlaBreached.class, conversation, SlaKind.NEXT_RESPONSE)).isZero();
    clock.advance(Duration.ofMinutes(10));
    clocks.check();
    clocks.check();
    assertThat(published(SlaBreachApproaching.class, conversation, SlaKind.NEXT_RESPONSE))
        .isEqualTo(1);
    assertThat(published(SlaBreached.class, conversation, SlaKind.NEXT_RESPONSE)).isEqualTo(1);
    conversations.queueReply(workspace, conversation, agent.id(), "Found it!");
    assertThat(clocks.clock(conversation, SlaKind.NEXT_RESPONSE).orElseThrow().stopped()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    ingestion.ingest(account, List.of(item("n4", "n1", "thanks", clock.instant())));
    assertThat(
            clocks.clocks(conversation).stream()
                .filter(c -> c.kind() == SlaKind.NEXT_RESPONSE)
                .count())
        .as("a new customer message after the next reply starts another")
        .isEqualTo(2);
    clocks.check();
    assertThat(published(SlaBreached.class, conversation, SlaKind.NEXT_RESPONSE)).isEqualTo(1);
  }

  @Test
  void resolutionRunsUntilResolvedAndContinuesWhenReopened() {
    policies.add(
        workspace,
        null,
        Priority.NORMAL,
        new SlaPolicies.Target(
            Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofHours(5)));
    ingestion.ingest(account, List.of(item("r1", null, "cancel my plan", t0)));
    long conversation = conversationOf("cancel my plan");
    assertThat(clocks.clock(conversation, SlaKind.RESOLUTION).orElseThrow().dueAt())
        .isEqualTo(t0.plus(Duration.ofHours(5)));
    conversations.queueReply(workspace, conversation, agent().id(), "Done");

    clock.advance(Duration.ofHours(1));
    conversations.setStatus(workspace, conversation, ConversationStatus.RESOLVED);
    SlaClock resolved = clocks.clock(conversation, SlaKind.RESOLUTION).orElseThrow();
    assertThat(resolved.stoppedAt()).isEqualTo(t0.plus(Duration.ofHours(1)));
    assertThat(clocks.mostUrgent(conversation)).isEmpty();

    clock.advance(Duration.ofHours(2));
    conversations.setStatus(workspace, conversation, ConversationStatus.OPEN);
    SlaClock reopened = clocks.clock(conversation, SlaKind.RESOLUTION).orElseThrow();
    assertThat(reopened.running()).isTrue();
    assertThat(reopened.dueAt())
        .as("the two resolved hours do not count")
        .isEqualTo(t0.plus(Duration.ofHours(7)));

    clock.advance(Duration.ofHours(3).plusMinutes(59)); // t0 + 6h59
    clocks.check();
    assertThat(published(SlaBreached.class, conversation, SlaKind.RESOLUTION)).isZero();
    assertThat(published(SlaBreachApproaching.class, conversation, SlaKind.RESOLUTION))
        .isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    clocks.check();
    clocks.check();
    assertThat(published(SlaBreached.class, conversation, SlaKind.RESOLUTION)).isEqualTo(1);
    assertThat(published(SlaBreached.class, conversation, SlaKind.FIRST_RESPONSE)).isZero();
  }

  @Test
  void waitingOnTheCustomerPausesTheClock() {
    ingestion.ingest(account, List.of(item("p1", null, "is this in stock", t0)));
    long conversation = conversationOf("is this in stock");
    // default NORMAL: 4 h
    clock.advance(Duration.ofHours(1));
    conversations.setStatus(workspace, conversation, ConversationStatus.PENDING);
    assertThat(clocks.clock(conversation).orElseThrow().paused()).isTrue();
    clock.advance(Duration.ofHours(10));
    clocks.check();
    assertThat(published(SlaBreached.class, conversation)).as("paused").isZero();
    assertThat(published(SlaBreachApproaching.class, conversation)).isZero();

    conversations.setStatus(workspace, conversation, ConversationStatus.OPEN);
    assertThat(clocks.clock(conversation).orElseThrow().dueAt())
        .isEqualTo(t0.plus(Duration.ofHours(14)));

    clock.advance(Duration.ofMinutes(30));
    conversations.snooze(workspace, conversation, null); // until the customer writes
    clock.advance(Duration.ofHours(1));
    ingestion.ingest(account, List.of(item("p2", "p1", "still there?", clock.instant())));
    assertThat(clocks.clock(conversation).orElseThrow().dueAt())
        .as("the customer's message ends the snooze and the pause")
        .isEqualTo(t0.plus(Duration.ofHours(15)));

    conversations.snooze(workspace, conversation, clock.instant().plusSeconds(600));
    assertThat(clocks.clock(conversation).orElseThrow().paused())
        .as("a snooze until a time is the team's own choice: the clock runs")
        .isFalse();
  }

  @Test
  void dueTimesCountInTheTeamsBusinessHoursAndSkipHolidays() {
    calendars.save(
        workspace,
        null,
        SlaCalendar.of(
            BusinessHours.parse("Europe/Berlin MON-FRI 09:00-18:00"),
            Set.of(LocalDate.parse("2026-11-09"))));
    policies.add(
        workspace,
        null,
        Priority.NORMAL,
        new SlaPolicies.Target(Duration.ofHours(2), Duration.ofMinutes(30)));
    Instant friday = Instant.parse("2026-11-06T16:30:00Z"); // 17:30 in Berlin
    ingestion.ingest(account, List.of(item("b1", null, "weekend question", friday)));
    long conversation = conversationOf("weekend question");
    SlaClock c = clocks.clock(conversation).orElseThrow();
    assertThat(c.dueAt())
        .as("half an hour on Friday, Monday is a holiday, 1.5 h on Tuesday")
        .isEqualTo(Instant.parse("2026-11-10T09:30:00Z"));
    assertThat(c.warnAt()).isEqualTo(Instant.parse("2026-11-10T09:00:00Z"));
    assertThat(calendars.list(workspace)).hasSize(1);
    assertThat(calendars.list(workspace).getFirst().holidaysText()).isEqualTo("2026-11-09");
  }
}
