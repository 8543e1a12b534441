package io.parley.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inviting people: an admin names an address, a role and teams; Parley makes a one-time link (valid
 * for {@link #VALID_FOR}) whose token is stored only as a SHA-256 hash. Following the link, the
 * person chooses a password and becomes a user of the workspace.
 */
@Service
public class Invitations {

  public static final Duration VALID_FOR = Duration.ofDays(7);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");
  private static final String COLUMNS =
      "id, workspace_id, email, display_name, role, invited_by, created_at, expires_at,"
          + " accepted_at, revoked_at";

  private final JdbcClient jdbc;
  private final Users users;
  private final Teams teams;
  private final PasswordEncoder encoder;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Invitations(JdbcClient jdbc, Users users, Teams teams, PasswordEncoder encoder, Clock clock) {
    this.jdbc = jdbc;
    this.users = users;
    this.teams = teams;
    this.encoder = encoder;
    this.clock = clock;
  }

  /**
   * Creates an invitation and returns it with its token (shown once, never stored).
   *
   * @throws IllegalArgumentException for a bad address, a taken address or a foreign team
   */
  @Transactional
  public Issued invite(
      long workspaceId,
      String email,
      String displayName,
      Role role,
      Collection<Long> teamIds,
      long invitedBy) {
    String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(address).matches() || address.length() > 320) {
      throw new IllegalArgumentException("Enter an e-mail address such as name@example.com.");
    }
    if (users.byEmail(address).isPresent()) {
      throw new IllegalArgumentException(address + " already has an account.");
    }
    String name = displayName == null || displayName.isBlank() ? address : displayName.strip();
    if (name.length() > 200) {
      throw new IllegalArgumentException("Use at most 200 characters for the name.");
    }
    if (role == null) {
      throw new IllegalArgumentException("Choose a role.");
    }
    for (long teamId : teamIds) {
      if (teams.byId(workspaceId, teamId).isEmpty()) {
        throw new IllegalArgumentException("No such team.");
      }
    }
    // Earlier pending invitations for the address stop working: only the newest link is valid.
    Instant now = clock.instant();
    jdbc.sql(
            "update invitations set revoked_at = ? where workspace_id = ? and email = ?"
                + " and accepted_at is null and revoked_at is null")
        .params(Timestamp.from(now), workspaceId, address)
        .update();
    String token = newToken();
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            "insert into invitations (workspace_id, email, display_name, role, token_hash,"
                + " invited_by, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            address,
            name,
            role.name(),
            hash(token),
            invitedBy,
            Timestamp.from(now),
            Timestamp.from(now.plus(VALID_FOR)))
        .update(key, "id");
    long id = key.getKey().longValue();
    for (long teamId : new TreeSet<>(teamIds)) {
      jdbc.sql("insert into invitation_teams (invitation_id, team_id) values (?, ?)")
          .params(id, teamId)
          .update();
    }
    return new Issued(byId(id).orElseThrow(), token);
  }

  /** The invitation this token opens, if it can still be accepted. */
  public Optional<Invitation> open(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from invitations where token_hash = ?")
        .param(hash(token))
        .query(this::map)
        .optional()
        .filter(i -> i.state(clock.instant()).equals("pending"));
  }

  /**
   * Accepts the invitation: creates the user with the chosen password, role and teams. The link
   * works once.
   *
   * @throws Passwords.Refused when the password breaks a rule
   * @throws IllegalArgumentException when the link is unknown, used, revoked or expired
   */
  @Transactional
  public User accept(String token, String password, String repeat) {
    Invitation invitation =
        open(token)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "This invitation link is not valid any more. Ask for a new one."));
    Passwords.checkNew(invitation.email(), password, repeat);
    int claimed =
        jdbc.sql("update invitations set accepted_at = ? where id = ? and accepted_at is null")
            .params(Timestamp.from(clock.instant()), invitation.id())
            .update();
    if (claimed == 0 || users.byEmail(invitation.email()).isPresent()) {
      throw new IllegalArgumentException("This invitation was already used.");
    }
    User user =
        users.create(
            invitation.workspaceId(),
            invitation.email(),
            invitation.displayName(),
            encoder.encode(password),
            invitation.role());
    for (long teamId : invitation.teamIds()) {
      teams.addMember(invitation.workspaceId(), teamId, user.id());
    }
    return user;
  }

  /**
   * A new link for an invitation not yet accepted or revoked (pending or expired), valid for {@link
   * #VALID_FOR} from now; the earlier link stops working. The token is stored only as a hash, so
   * "sending it again" always means a new one.
   *
   * @throws IllegalArgumentException when there is no such invitation to renew
   */
  @Transactional
  public Issued renew(long workspaceId, long invitationId) {
    Invitation invitation =
        byId(invitationId)
            .filter(i -> i.workspaceId() == workspaceId)
            .filter(i -> i.acceptedAt() == null && i.revokedAt() == null)
            .orElseThrow(
                () -> new IllegalArgumentException("This invitation was used or revoked."));
    if (users.byEmail(invitation.email()).isPresent()) {
      throw new IllegalArgumentException(invitation.email() + " already has an account.");
    }
    String token = newToken();
    jdbc.sql("update invitations set token_hash = ?, expires_at = ? where id = ?")
        .params(hash(token), Timestamp.from(clock.instant().plus(VALID_FOR)), invitationId)
        .update();
    return new Issued(byId(invitationId).orElseThrow(), token);
  }

  @Transactional
  public void revoke(long workspaceId, long invitationId) {
    jdbc.sql(
            "update invitations set revoked_at = ? where id = ? and workspace_id = ?"
                + " and accepted_at is null and revoked_at is null")
        .params(Timestamp.from(clock.instant()), invitationId, workspaceId)
        .update();
  }

  public List<Invitation> inWorkspace(long workspaceId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from invitations where workspace_id = ? order by created_at desc, id desc")
        .param(workspaceId)
        .query(this::map)
        .list();
  }

  private Optional<Invitation> byId(long id) {
    return jdbc.sql("select " + COLUMNS + " from invitations where id = ?")
        .param(id)
        .query(this::map)
        .optional();
  }

  private Invitation map(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    List<Long> teamIds =
        new ArrayList<>(
            jdbc.sql(
                    "select team_id from invitation_teams where invitation_id = ? order by team_id")
                .param(id)
                .query(Long.class)
                .list());
    long invitedBy = rs.getLong("invited_by");
    Long by = rs.wasNull() ? null : invitedBy;
    return new Invitation(
        id,
        rs.getLong("workspace_id"),
        rs.getString("email"),
        rs.getString("display_name"),
        Role.valueOf(rs.getString("role")),
        List.copyOf(teamIds),
        by,
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        instant(rs.getTimestamp("accepted_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new invitation and its one-time token. */
  public record Issued(Invitation invitation, String token) {}
}
