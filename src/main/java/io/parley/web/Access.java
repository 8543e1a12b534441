package io.parley.web;

import io.parley.accounts.Role;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.conversations.Conversation;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxScope;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the person behind a request may see and do, read fresh from the database on each request (a
 * role change or a team change applies at once, not at the next sign-in). Conversations outside a
 * person's reach are "not found", the same answer as for an id that does not exist.
 */
@Component
class Access {

  private final Users users;
  private final Teams teams;
  private final Conversations conversations;

  Access(Users users, Teams teams, Conversations conversations) {
    this.users = users;
    this.teams = teams;
    this.conversations = conversations;
  }

  /** The person's current role; a disabled or deleted account may do nothing. */
  Role role(SignedIn me) {
    return perRequest("parley.role." + me.userId(), () -> currentRole(me));
  }

  private Role currentRole(SignedIn me) {
    return users
        .byId(me.userId())
        .filter(User::enabled)
        .filter(u -> u.workspaceId() == me.workspaceId())
        .map(User::role)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "No access."));
  }

  /** The conversations this person may see. */
  InboxScope scope(SignedIn me) {
    return perRequest("parley.scope." + me.userId(), () -> currentScope(me));
  }

  private InboxScope currentScope(SignedIn me) {
    if (role(me).seesWholeWorkspace()) {
      return InboxScope.WHOLE_WORKSPACE;
    }
    return InboxScope.limitedTo(teams.channelAccountsOf(me.userId()), teams.teamsOf(me.userId()));
  }

  /**
   * Looked up once per request (a page asks several times); outside a request (live updates) every
   * time.
   */
  @SuppressWarnings("unchecked")
  private static <T> T perRequest(String key, Supplier<T> lookup) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return lookup.get();
    }
    Object known = request.getAttribute(key, RequestAttributes.SCOPE_REQUEST);
    if (known != null) {
      return (T) known;
    }
    T value = lookup.get();
    request.setAttribute(key, value, RequestAttributes.SCOPE_REQUEST);
    return value;
  }

  /** The conversation if it exists in the person's workspace and reach. */
  Optional<Conversation> conversation(SignedIn me, long id) {
    InboxScope scope = scope(me);
    return conversations.byId(me.workspaceId(), id).filter(scope::allows);
  }

  /** {@link #conversation} or 404. */
  Conversation require(SignedIn me, long id) {
    return conversation(me, id)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No conversation " + id + "."));
  }

  /** 403 unless the person's current role may reply and change conversations. */
  void requireWriter(SignedIn me) {
    if (!role(me).canReply()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Your role is read-only.");
    }
  }

  void requireAdmin(SignedIn me) {
    if (!role(me).managesPeople()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Admins only.");
    }
  }

  void requireTeamManager(SignedIn me) {
    if (!role(me).managesTeams()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Admins and managers only.");
    }
  }
}
