package io.parley.web;

import io.parley.accounts.Team;
import io.parley.accounts.Teams;
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
import io.parley.conversations.Priority;
import io.parley.conversations.ViewCount;
import io.parley.shared.Network;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
  private final Access access;
  private final Teams teams;

  InboxView(
      Conversations conversations,
      Contacts contacts,
      Users users,
      Workspaces workspaces,
      ChannelAccounts accounts,
      Connectors connectors,
      TimeLabels moments,
      Access access,
      Teams teams) {
    this.access = access;
    this.teams = teams;
    this.conversations = conversations;
    this.contacts = contacts;
    this.users = users;
    this.workspaces = workspaces;
    this.accounts = accounts;
    this.connectors = connectors;
    this.moments = moments;
  }

  List<Row> rows(SignedIn me, InboxQuery query) {
    List<Conversation> list = conversations.list(query.filter(me, access.scope(me), LIST_LIMIT));
    Map<Long, String> teamNames = teamNames(me);
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
                  c.messageCount(),
                  c.priority(),
                  c.tags(),
                  c.teamId() == null ? null : teamNames.get(c.teamId()));
            })
        .toList();
  }

  /**
   * The views in the sidebar with their counts: everything open, mine, unassigned, per team (the
   * person's teams; every team for admins and managers), per network, per kind, and by status.
   */
  List<SidebarView> views(SignedIn me, InboxQuery current) {
    List<ViewCount> counted =
        conversations.viewCounts(me.workspaceId(), me.userId(), access.scope(me));
    var views = new ArrayList<SidebarView>();
    views.add(view("open", "Inbox", "Open", "", preset("open", "all", null, null, null), counted));
    views.add(view("mine", "Inbox", "Mine", "", preset("open", "mine", null, null, null), counted));
    views.add(
        view(
            "unassigned",
            "Inbox",
            "Unassigned",
            "",
            preset("open", "unassigned", null, null, null),
            counted));
    views.add(
        view(
            "approval",
            "Inbox",
            "Needs approval",
            "",
            InboxQuery.of("status", "all", "assigned", "all", "approval", "1"),
            counted));
    boolean allTeams = access.role(me).seesWholeWorkspace();
    var mine = teams.teamsOf(me.userId());
    for (Team t : teams.inWorkspace(me.workspaceId())) {
      if (allTeams || mine.contains(t.id())) {
        views.add(
            view(
                "team-" + t.id(),
                "Teams",
                t.name(),
                "",
                preset("open", "all", null, null, String.valueOf(t.id())),
                counted));
      }
    }
    for (Network n : networks(me)) {
      String key = n.name().toLowerCase(Locale.ROOT);
      views.add(
          view(
              "net-" + key,
              "Networks",
              n.label(),
              "dot net-" + key,
              preset("open", "all", key, null, null),
              counted));
    }
    views.add(
        view(
            "kind-mention",
            "Kinds",
            "Mentions",
            "",
            preset("open", "all", null, "mention", null),
            counted));
    views.add(
        view(
            "kind-comments",
            "Kinds",
            "Comments",
            "",
            preset("open", "all", null, "comments", null),
            counted));
    views.add(
        view(
            "kind-dm",
            "Kinds",
            "Direct messages",
            "",
            preset("open", "all", null, "dm", null),
            counted));
    for (String s : List.of("pending", "snoozed", "resolved", "all")) {
      views.add(
          view(
              s,
              "Status",
              s.equals("all") ? "All conversations" : InboxQuery.capitalized(s),
              "",
              preset(s, "all", null, null, null),
              counted));
    }
    return views.stream().map(v -> v.activeFor(current)).toList();
  }

  /** The page heading: the active view's name, or the filters spelled out. */
  static String title(InboxQuery query, List<SidebarView> views) {
    String base =
        views.stream()
            .filter(SidebarView::active)
            .map(
                v ->
                    v.section().equals("Inbox") || v.section().equals("Status")
                        ? v.label()
                        : v.label() + " · Open")
            .findFirst()
            .orElse(query.title());
    return query.tag() == null ? base : base + " · #" + query.tag();
  }

  private static InboxQuery preset(
      String status, String assigned, String network, String kind, String team) {
    return InboxQuery.of(
        "status", status, "assigned", assigned, "network", network, "kind", kind, "team", team);
  }

  private static SidebarView view(
      String key,
      String section,
      String label,
      String dot,
      InboxQuery query,
      List<ViewCount> counted) {
    long total = 0;
    long unread = 0;
    for (ViewCount c : counted) {
      if (query.counts(c)) {
        total += c.count();
        unread += c.unread() ? c.count() : 0;
      }
    }
    return new SidebarView(key, section, label, dot, query, total, unread, false);
  }

  /** Team id to name, for labels. */
  Map<Long, String> teamNames(SignedIn me) {
    return teams.inWorkspace(me.workspaceId()).stream()
        .collect(Collectors.toMap(Team::id, Team::name));
  }

  /** A person's name in this workspace, or "Someone". */
  String personName(SignedIn me, Long userId) {
    return userId == null ? "Someone" : people(me).getOrDefault(userId, "Someone");
  }

  /** The teams a conversation can be handed over to. */
  List<Team> teams(SignedIn me) {
    return teams.inWorkspace(me.workspaceId());
  }

  /** The people a conversation can be assigned to (enabled, may reply). */
  List<User> assignees(SignedIn me) {
    return users.inWorkspace(me.workspaceId()).stream()
        .filter(User::enabled)
        .filter(u -> u.role().canReply())
        .toList();
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
    return access.conversation(me, id);
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
    // the same rule as Replies.mayApprove: managers and admins approve held replies
    boolean approver = access.role(me).seesWholeWorkspace();
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
        access.role(me).canReply(),
        c.priority(),
        c.tags(),
        c.teamId(),
        c.teamId() == null ? null : teamNames(me).get(c.teamId()),
        c.assigneeId(),
        c.status() == ConversationStatus.SNOOZED ? snoozeLabel(c) : null,
        messages.stream().mapToLong(Message::id).max().orElse(0),
        approver,
        !approver && conversations.repliesNeedApproval(me.workspaceId(), c.id()));
  }

  private String snoozeLabel(Conversation c) {
    return c.snoozedUntil() == null
        ? "Snoozed until the customer answers"
        : "Snoozed until " + moments.full(c.snoozedUntil());
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
      int messageCount,
      Priority priority,
      List<String> tags,
      String team) {

    public String networkClass() {
      return networkCss(network);
    }

    /** Shown only when it is not Normal. */
    public String priorityLabel() {
      return priority == Priority.NORMAL ? null : InboxQuery.capitalized(priority.name());
    }

    public String priorityClass() {
      return "priority priority-" + priority.name().toLowerCase(Locale.ROOT);
    }
  }

  /** A view in the sidebar with how many conversations it holds and how many are unread. */
  public record SidebarView(
      String key,
      String section,
      String label,
      String dot,
      InboxQuery query,
      long total,
      long unread,
      boolean active) {

    SidebarView activeFor(InboxQuery current) {
      // "Needs approval" is one view whatever the other filters say
      boolean same =
          query.approval()
              ? current.approval()
              : !current.approval()
                  && current.status() == query.status()
                  && current.assigned() == query.assigned()
                  && current.network() == query.network()
                  && current.kind() == query.kind()
                  && Objects.equals(current.team(), query.team());
      return new SidebarView(key, section, label, dot, query, total, unread, same);
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
      boolean canReply,
      Priority priority,
      List<String> tags,
      Long teamId,
      String team,
      Long assigneeId,
      String snoozed,
      long lastMessageId,
      boolean canApprove,
      boolean repliesWaitForApproval) {

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
      if (delivery == DeliveryState.AWAITING_APPROVAL) {
        return "Waiting for approval";
      }
      if (delivery == DeliveryState.REJECTED) {
        return "Declined";
      }
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
