package io.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.parley.accounts.Role;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbox search box on both databases (see {@link SearchTest}): full-text on PostgreSQL,
 * substrings on H2, the same answers to the same words.
 */
abstract class SearchContract {

  @Autowired Fixtures fixtures;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Teams teams;
  @Autowired Users users;
  @Autowired JdbcClient jdbc;

  Workspace ws;
  ChannelAccount x;
  ChannelAccount mastodon;
  long lateOrder;
  long orderWasLate;
  long refundOnly;
  long cafe;
  long fromIngrid;

  @BeforeEach
  void messages() {
    ws = fixtures.workspace();
    x = fixtures.channel(ws, Network.X);
    mastodon = fixtures.channel(ws, Network.MASTODON);
    lateOrder = open(x, "sam", "Sam Doe", "Refund for my late order #123, please!");
    orderWasLate = open(x, "kim", "Kim Roe", "My order was late. Refund?");
    refundOnly = open(mastodon, "lee", "Lee Poe", "I want a REFUND");
    cafe = open(mastodon, "zoe", "Zoé", "Le Café crème était froid");
    fromIngrid = open(x, "ing", "ing", "hello there");
    // The contact's name as the team knows it, which no message carries.
    jdbc.sql(
            "update contacts set display_name = 'Ingrid Okafor' where id = (select contact_id"
                + " from conversations where id = ?)")
        .param(fromIngrid)
        .update();
  }

  @Test
  void everyWordMustMatchOneMessage() {
    assertThat(search("refund")).containsExactlyInAnyOrder(lateOrder, orderWasLate, refundOnly);
    assertThat(search("refund order")).containsExactlyInAnyOrder(lateOrder, orderWasLate);
    assertThat(search("order refund late")).containsExactlyInAnyOrder(lateOrder, orderWasLate);
    assertThat(search("refund nonsenseword")).isEmpty();
  }

  @Test
  void wordsArePrefixes() {
    assertThat(search("refu")).containsExactlyInAnyOrder(lateOrder, orderWasLate, refundOnly);
    assertThat(search("ord lat")).containsExactlyInAnyOrder(lateOrder, orderWasLate);
  }

  @Test
  void quotedWordsAreAPhrase() {
    assertThat(search("\"late order\"")).containsExactly(lateOrder);
    assertThat(search("\"order was late\"")).containsExactly(orderWasLate);
    assertThat(search("\"late order\" refund")).containsExactly(lateOrder);
    // an unclosed quote is a phrase being typed: its last word is a prefix
    assertThat(search("\"my late ord")).containsExactly(lateOrder);
  }

  @Test
  void caseDoesNotMatterAccentsDo() {
    assertThat(search("REFUND")).containsExactlyInAnyOrder(lateOrder, orderWasLate, refundOnly);
    assertThat(search("CAFÉ")).containsExactly(cafe);
    assertThat(search("café CRÈME")).containsExactly(cafe);
    // neither the 'simple' configuration nor lower() folds accents
    assertThat(search("cafe")).isEmpty();
  }

  @Test
  void authorsNamesAndHandlesAreSearched() {
    assertThat(search("kim")).containsExactly(orderWasLate);
    assertThat(search("zoé froid")).containsExactly(cafe);
    assertThat(search("Roe refund")).containsExactly(orderWasLate);
  }

  @Test
  void contactNamesFindTheirConversations() {
    assertThat(search("okafor")).containsExactly(fromIngrid);
    assertThat(search("ingrid oka")).containsExactly(fromIngrid);
    assertThat(search("ingrid nobody")).isEmpty();
    // a conversation matched both by message and by contact is listed once
    jdbc.sql(
            "update contacts set display_name = 'Refund Kim' where id = (select contact_id"
                + " from conversations where id = ?)")
        .param(orderWasLate)
        .update();
    assertThat(search("refund kim")).containsExactly(orderWasLate);
  }

  @Test
  void queryLanguageCharactersAreJustText() {
    for (String hostile :
        List.of(
            "a & | ! :* (",
            "refund & order",
            "refund | order",
            "!refund",
            "(refund",
            "<-> <2>",
            "'",
            "''",
            "\\",
            "refund\\",
            "' or 1=1 --",
            "%",
            "_",
            "\"",
            "\"\"",
            "\"&\"",
            ":*",
            "!!!",
            "ref:*",
            "refund:A",
            "order;drop table messages",
            "\u0000",
            "🙂 refund")) {
      assertThatCode(() -> search(hostile)).as(hostile).doesNotThrowAnyException();
    }
    assertThat(search("refund & order")).containsExactlyInAnyOrder(lateOrder, orderWasLate);
    assertThat(search("!refund")).containsExactlyInAnyOrder(lateOrder, orderWasLate, refundOnly);
    assertThat(search("#123")).containsExactly(lateOrder);
    assertThat(search("!!!")).isEmpty();
    assertThat(search("%")).isEmpty();
  }

  @Test
  void searchStaysInsideTheWorkspaceTheScopeAndTheView() {
    Workspace other = fixtures.workspace();
    long elsewhere = open(fixtures.channel(other, Network.X), "sam", "Sam Doe", "refund order");
    assertThat(search("refund order")).doesNotContain(elsewhere);

    var support = teams.create(ws.id(), "Support " + UUID.randomUUID());
    teams.grant(ws.id(), support.id(), x.id());
    User agent = users.create(ws.id(), mail(), "Ada", "x", Role.AGENT);
    teams.addMember(ws.id(), support.id(), agent.id());
    var scope =
        InboxScope.limitedTo(teams.channelAccountsOf(agent.id()), teams.teamsOf(agent.id()));
    assertThat(ids(list(null, null, "refund", scope)))
        .containsExactlyInAnyOrder(lateOrder, orderWasLate);
    assertThat(ids(list(null, null, "café", scope))).isEmpty();
    assertThat(
            ids(
                list(
                    null,
                    null,
                    "okafor",
                    InboxScope.limitedTo(java.util.Set.of(), java.util.Set.of()))))
        .isEmpty();

    // the view's filters apply to messages and contacts alike
    assertThat(ids(list(null, Network.MASTODON, "refund", InboxScope.WHOLE_WORKSPACE)))
        .containsExactly(refundOnly);
    conversations.setStatus(ws.id(), fromIngrid, ConversationStatus.RESOLVED);
    assertThat(ids(list(ConversationStatus.OPEN, null, "okafor", InboxScope.WHOLE_WORKSPACE)))
        .isEmpty();
    assertThat(ids(list(ConversationStatus.RESOLVED, null, "okafor", InboxScope.WHOLE_WORKSPACE)))
        .containsExactly(fromIngrid);
  }

  @Test
  void newestFirstAndCutToTheLimit() {
    List<Long> all = search("refund");
    assertThat(all).containsExactly(refundOnly, orderWasLate, lateOrder);
    var two =
        conversations.list(
            new InboxFilter(ws.id(), null, null, InboxFilter.Assignment.ALL, 0, "refund", 2));
    assertThat(ids(two)).containsExactly(refundOnly, orderWasLate);
  }

  @Test
  void listedConversationsCarryTheirTags() {
    conversations.tag(ws.id(), lateOrder, "refund");
    conversations.tag(ws.id(), lateOrder, "late");
    var listed = list(null, null, null, InboxScope.WHOLE_WORKSPACE);
    assertThat(listed.stream().filter(c -> c.id() == lateOrder).findFirst().orElseThrow().tags())
        .containsExactly("late", "refund");
    assertThat(listed.stream().filter(c -> c.id() == cafe).findFirst().orElseThrow().tags())
        .isEmpty();
    assertThat(list(null, null, "late order", InboxScope.WHOLE_WORKSPACE).getLast().tags())
        .containsExactly("late", "refund");
  }

  List<Long> search(String text) {
    return ids(list(null, null, text, InboxScope.WHOLE_WORKSPACE));
  }

  private List<Conversation> list(
      ConversationStatus status, Network network, String text, InboxScope scope) {
    return conversations.list(
        new InboxFilter(
            ws.id(),
            status,
            network,
            InboxFilter.Assignment.ALL,
            0,
            text,
            50,
            null,
            null,
            null,
            scope,
            false,
            null,
            null,
            null));
  }

  private long open(ChannelAccount account, String handle, String name, String text) {
    String id = UUID.randomUUID().toString();
    ingestion.ingest(
        account,
        List.of(
            new InboundItem(
                id,
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author(handle + "-id-" + id, handle, name, 3),
                false,
                text,
                null,
                Instant.now(),
                null,
                "{}")));
    return conversations
        .findMessage(account.workspaceId(), account.network(), id)
        .orElseThrow()
        .conversationId();
  }

  private static List<Long> ids(List<Conversation> list) {
    return list.stream().map(Conversation::id).toList();
  }

  private static String mail() {
    return "s-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }
}
