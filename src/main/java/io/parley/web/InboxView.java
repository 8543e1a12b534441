package io.parley.web;

import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connectors;
import io.parley.contacts.Contacts;
import io.parley.contacts.Contacts.Identity;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.Conversations.Note;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.Direction;
import io.parley.conversations.Message;
import io.parley.shared.Network;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns conversations into what the inbox pages show. All reads are scoped to the signed-in user's
 * workspace: a conversation of another workspace is simply not found.
 */
@Component
class InboxView {

  static final int LIST_LIMIT = 100;

  private final Conversations conversations;
  private final Contacts contacts;
  private final Users users;
  private final Workspaces workspaces;
  private final ChannelAccounts accounts;
  private final Connectors connectors;
  private final TimeLabels moments;

  InboxView(
      Conversations conversations,
      Contacts contacts,
      Users users,
      Workspaces workspaces,
      ChannelAccounts accounts,
      Connectors connectors,
      TimeLabels moments) {
    this.conversations = conversations;
    this.contacts = contacts;
    this.users = users;
    this.workspaces = workspaces;
    this.accounts = accounts;
    this.connectors = connectors;
    this.moments = moments;
  }

  List<Row> rows(SignedIn me, InboxQuery query) {
    List<Conversation> list = conversations.list(query.filter(me, LIST_LIMIT));
    Map<Long, String> people = people(me);
    List<Long> contactIds =
        list.stream().map(Conversation::contactId).filter(Objects::nonNull).distinct().toList();
    Map<String, Identity> identities =
        contacts.identities(me.workspaceId(), contactIds).stream()
            .collect(
                Collectors.toMap(
                    i -> i.contactId() + "/" + i.network(), Function.identity(), (a, b) -> a));
    return list.stream()
        .map(
            c -> {
              Identity who = identities.get(c.contactId() + "/" + c.network());
              String name = who == null ? "Unknown" : who.displayName();
              String handle = who == null ? null : who.handle();
              return new Row(
                  c.id(),
                  name,
                  handle,
                  Avatar.of(name),
                  c.network(),
                  Kind.of(c.kind()),
                  c.status(),
                  c.preview() == null || c.preview().isBlank() ? null : c.preview(),
                  moments.ago(c.lastActivityAt()),
                  moments.full(c.lastActivityAt()),
                  c.unread(),
                  c.assigneeId() == null ? null : people.get(c.assigneeId()),
                  c.messageCount());
            })
        .toList();
  }

  /** Conversations per status, keyed by the lower-case status name as used in URLs. */
  Map<String, Long> counts(SignedIn me) {
    var counts = new LinkedHashMap<String, Long>();
    for (ConversationStatus s : ConversationStatus.values()) {
      counts.put(s.name().toLowerCase(Locale.ROOT), conversations.count(me.workspaceId(), s));
    }
    return counts;
  }

  String workspaceName(SignedIn me) {
    return workspaces.byId(me.workspaceId()).map(Workspace::name).orElse("");
  }

  /** The networks this workspace has accounts on, for the network filter. */
  List<Network> networks(SignedIn me) {
    return accounts.inWorkspace(me.workspaceId()).stream()
        .map(ChannelAccount::network)
        .distinct()
        .sorted()
        .toList();
  }

  Optional<Conversation> conversation(SignedIn me, long id) {
    return conversations.byId(me.workspaceId(), id);
  }

  ThreadPane thread(SignedIn me, Conversation c) {
    Map<Long, String> people = people(me);
    List<Message> messages = conversations.messages(c.id());
    var items = new ArrayList<Item>();
    for (Message m : messages) {
      items.add(item(m, people));
    }
    for (Note n : conversations.notes(c.id())) {
      String author = people.getOrDefault(n.authorUserId(), "Someone");
      items.add(
          new Item(
              "note-" + n.id(),
              n.id(),
              "note",
              author,
              null,
              Avatar.of(author),
              n.text(),
              moments.when(n.createdAt()),
              moments.full(n.createdAt()),
              n.createdAt(),
              false,
              false,
              null,
              null));
    }
    items.sort(Comparator.comparing(Item::instant).thenComparing(Item::key));
    Message first =
        messages.stream().filter(m -> m.direction() == Direction.IN).findFirst().orElse(null);
    String name = first == null ? "Unknown" : nameOf(first);
    ReplyLimit limit = limit(c.network()).orElse(null);
    String assignee = c.assigneeId() == null ? null : people.get(c.assigneeId());
    return new ThreadPane(
        c.id(),
        name,
        first == null ? null : first.authorHandle(),
        Avatar.of(name),
        c.network(),
        Kind.of(c.kind()),
        c.status(),
        assignee,
        Objects.equals(c.assigneeId(), me.userId()),
        items,
        limit == null ? null : limit.max(),
        limit == null ? null : limit.unit(),
        me.role().canReply());
  }

  List<Revision> history(SignedIn me, long conversationId, long messageId) {
    boolean ours =
        conversation(me, conversationId).isPresent()
            && conversations.messages(conversationId).stream().anyMatch(m -> m.id() == messageId);
    if (!ours) {
      return null;
    }
    return conversations.revisions(messageId).stream()
        .map(
            r ->
                new Revision(
                    r.change().equals("DELETED") ? "Before it was deleted" : "Before an edit",
                    r.oldText(),
                    moments.when(r.changedAt()),
                    moments.full(r.changedAt())))
        .toList();
  }

  Optional<ReplyLimit> limit(Network network) {
    return connectors
        .find(network)
        .map(c -> new ReplyLimit(c.capabilities().maxReplyLength(), c.capabilities().lengthUnit()));
  }

  private Item item(Message m, Map<Long, String> people) {
    boolean out = m.direction() == Direction.OUT;
    String author;
    if (out && m.sentByUserId() != null) {
      author = people.getOrDefault(m.sentByUserId(), "Team");
    } else {
      author = nameOf(m);
    }
    return new Item(
        "m-" + m.id(),
        m.id(),
        out ? "out" : "in",
        author,
        out ? null : m.authorHandle(),
        Avatar.of(author),
        m.text(),
        moments.when(m.createdAt()),
        moments.full(m.createdAt()),
        m.createdAt(),
        m.edited(),
        m.deleted(),
        m.deliveryState(),
        m.deliveryError());
  }

  private static String nameOf(Message m) {
    if (m.authorName() != null && !m.authorName().isBlank()) {
      return m.authorName();
    }
    if (m.authorHandle() != null && !m.authorHandle().isBlank()) {
      return m.authorHandle();
    }
    return m.direction() == Direction.OUT ? "Brand" : "Unknown";
  }

  private Map<Long, String> people(SignedIn me) {
    return users.inWorkspace(me.workspaceId()).stream()
        .collect(Collectors.toMap(User::id, User::displayName));
  }

  static String networkCss(Network network) {
    return "net net-" + network.name().toLowerCase(Locale.ROOT);
  }

  /** One line of the conversation list. Text fields are untrusted and rendered escaped. */
  public record Row(
      long id,
      String authorName,
      String authorHandle,
      Avatar avatar,
      Network network,
      Kind kind,
      ConversationStatus status,
      String preview,
      String ago,
      String at,
      boolean unread,
      String assignee,
      int messageCount) {

    public String networkClass() {
      return networkCss(network);
    }
  }

  /** An open conversation. */
  public record ThreadPane(
      long id,
      String authorName,
      String authorHandle,
      Avatar avatar,
      Network network,
      Kind kind,
      ConversationStatus status,
      String assignee,
      boolean mine,
      List<Item> items,
      Integer maxReply,
      String lengthUnit,
      boolean canReply) {

    public String networkClass() {
      return networkCss(network);
    }

    /** Changes whenever something visible in the message list changes; lets polls answer 204. */
    public String version() {
      int h = 1;
      for (Item i : items) {
        h =
            31 * h
                + Objects.hash(
                    i.key(), i.text().length(), i.edited(), i.deleted(), i.delivery(), i.when());
      }
      return Integer.toHexString(h);
    }
  }

  /** A message or an internal note in a thread. {@code side} is in, out or note. */
  public record Item(
      String key,
      long id,
      String side,
      String author,
      String handle,
      Avatar avatar,
      String text,
      String when,
      String at,
      Instant instant,
      boolean edited,
      boolean deleted,
      DeliveryState delivery,
      String deliveryError) {

    public String deliveryLabel() {
      return delivery == null ? null : InboxQuery.capitalized(delivery.name());
    }

    public String deliveryClass() {
      return delivery == null
          ? ""
          : "delivery delivery-" + delivery.name().toLowerCase(Locale.ROOT);
    }
  }

  /** An earlier text of a message. */
  public record Revision(String label, String text, String when, String at) {}

  /** How a conversation started, as a short label with a symbol. */
  public record Kind(String label, String symbol, String css) {
    static Kind of(ConversationKind kind) {
      return switch (kind) {
        case MENTION -> new Kind("Mention", "@", "kind kind-mention");
        case PUBLIC_THREAD -> new Kind("Comments", "#", "kind kind-thread");
        case DIRECT_MESSAGE -> new Kind("Direct message", "✉", "kind kind-dm");
      };
    }
  }

  /** Initials on a coloured disc; the colour is stable per name. */
  public record Avatar(String initials, String css) {
    static Avatar of(String name) {
      String trimmed = name == null ? "" : name.strip();
      var initials = new StringBuilder();
      for (String part : trimmed.split("\\s+")) {
        if (!part.isEmpty() && initials.length() < 2) {
          int cp = part.codePointAt(0);
          if (Character.isLetterOrDigit(cp)) {
            initials.appendCodePoint(Character.toUpperCase(cp));
          }
        }
      }
      String text = initials.isEmpty() ? "?" : initials.toString();
      return new Avatar(text, "avatar tone-" + Math.floorMod(trimmed.hashCode(), 8));
    }
  }
}
