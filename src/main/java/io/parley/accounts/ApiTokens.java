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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens: a person makes one for a script, sees it once, and revokes it when done.
 * Tokens look like {@code pat_<prefix>_<secret>}: the prefix (12 hex digits) is public and finds
 * the row, the secret is 32 bytes from {@link SecureRandom} in base64url. Only the SHA-256 of the
 * whole token is stored; a fast hash is right for a secret with 256 bits of entropy (a password
 * hash would cost a bcrypt round on every API call for no gain).
 */
@Service
public class ApiTokens {

  public static final String SCHEME = "pat_";
  public static final int MAX_NAME = 100;

  /** A person rarely needs more; the cap keeps a leaked session from minting tokens forever. */
  public static final int MAX_ACTIVE = 25;

  // Writing last_used_at on every call would turn each API read into a write.
  static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  private static final Pattern FORMAT =
      Pattern.compile("^" + SCHEME + "([0-9a-f]{12})_([A-Za-z0-9_-]{43})$");
  private static final String COLUMNS =
      "id, workspace_id, user_id, name, prefix, created_at, last_used_at, revoked_at, expires_at";

  private final JdbcClient jdbc;
  private final Users users;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ApiTokens(JdbcClient jdbc, Users users, AuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Makes a token for the person and returns it with its plaintext, which is not stored and cannot
   * be shown again.
   *
   * @param validFor null for a token that does not expire
   * @throws IllegalArgumentException for a missing or too long name, or too many active tokens
   */
  @Transactional
  public Issued create(long userId, String name, Duration validFor) {
    User user =
        users
            .byId(userId)
            .filter(User::enabled)
            .orElseThrow(() -> new IllegalArgumentException("No such person."));
    String label = name == null ? "" : name.strip();
    if (label.isEmpty()) {
      throw new IllegalArgumentException("Name the token, e.g. after the script that uses it.");
    }
    if (label.length() > MAX_NAME) {
      throw new IllegalArgumentException("Use at most " + MAX_NAME + " characters for the name.");
    }
    if (validFor != null && (validFor.isNegative() || validFor.isZero())) {
      throw new IllegalArgumentException("Choose when the token expires.");
    }
    Instant now = clock.instant();
    long active = ofUser(userId).stream().filter(t -> t.state(now).equals("active")).count();
    if (active >= MAX_ACTIVE) {
      throw new IllegalArgumentException(
          "You have " + MAX_ACTIVE + " active tokens. Revoke one you no longer use first.");
    }
    byte[] prefixBytes = new byte[6];
    random.nextBytes(prefixBytes);
    String prefix = HexFormat.of().formatHex(prefixBytes);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token =
        SCHEME + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    var key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into api_tokens (workspace_id, user_id, name, prefix, token_hash, created_at,"
                + " expires_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(
            user.workspaceId(),
            userId,
            label,
            prefix,
            hash(token),
            Timestamp.from(now),
            validFor == null ? null : Timestamp.from(now.plus(validFor)))
        .update(key, "id");
    ApiToken created = byId(key.getKey().longValue()).orElseThrow();
    audit.record(
        user.workspaceId(), userId, "api_token.created", subject(created), "Name: " + label);
    return new Issued(created, token);
  }

  /** The person's tokens, newest first (without secrets: there are none to give). */
  public List<ApiToken> ofUser(long userId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from api_tokens where user_id = ? order by created_at desc, id desc")
        .param(userId)
        .query(ApiTokens::map)
        .list();
  }

  /** The tokens of a workspace that still work, newest first: what an admin may want to revoke. */
  public List<ApiToken> activeInWorkspace(long workspaceId) {
    Instant now = clock.instant();
    return jdbc
        .sql(
            "select "
                + COLUMNS
                + " from api_tokens where workspace_id = ? and revoked_at is null"
                + " order by created_at desc, id desc")
        .param(workspaceId)
        .query(ApiTokens::map)
        .list()
        .stream()
        .filter(t -> t.state(now).equals("active"))
        .toList();
  }

  /**
   * Revokes a token. People revoke their own; admins any in their workspace. Someone else's token
   * is "not found", the same answer as for an id that does not exist.
   *
   * @return false when the actor may not revoke it or it does not exist; true also when it was
   *     already revoked
   */
  @Transactional
  public boolean revoke(long actorUserId, long tokenId) {
    Optional<User> actor = users.byId(actorUserId).filter(User::enabled);
    Optional<ApiToken> token = byId(tokenId);
    if (actor.isEmpty() || token.isEmpty()) {
      return false;
    }
    ApiToken t = token.get();
    boolean own = t.userId() == actorUserId;
    boolean admin =
        actor.get().role() == Role.ADMIN && actor.get().workspaceId() == t.workspaceId();
    if (!own && !admin) {
      return false;
    }
    int changed =
        jdbc.sql("update api_tokens set revoked_at = ? where id = ? and revoked_at is null")
            .params(Timestamp.from(clock.instant()), tokenId)
            .update();
    if (changed > 0) {
      audit.record(
          t.workspaceId(),
          actorUserId,
          "api_token.revoked",
          subject(t),
          own
              ? "Name: " + t.name()
              : "Name: "
                  + t.name()
                  + ", of "
                  + users.byId(t.userId()).map(User::displayName).orElse("a former user"));
    }
    return true;
  }

  /**
   * The person a token signs in, if it is well-formed, known, not revoked, not expired and its
   * owner may still sign in. Records the use, at most once per {@link #LAST_USED_GRANULARITY}.
   */
  @Transactional
  public Optional<User> authenticate(String token) {
    if (token == null || token.length() > 100 || !FORMAT.matcher(token).matches()) {
      return Optional.empty();
    }
    String prefix = token.substring(SCHEME.length(), SCHEME.length() + 12);
    var row =
        jdbc.sql("select " + COLUMNS + ", token_hash from api_tokens where prefix = ?")
            .param(prefix)
            .query((rs, n) -> new Stored(map(rs, n), rs.getString("token_hash")))
            .optional();
    // Hash and compare even for an unknown prefix, so timing does not tell which prefixes exist.
    byte[] given = hash(token).getBytes(StandardCharsets.US_ASCII);
    byte[] expected =
        row.map(Stored::hash).orElse("0".repeat(64)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected) || row.isEmpty()) {
      return Optional.empty();
    }
    ApiToken t = row.get().token();
    Instant now = clock.instant();
    if (!t.state(now).equals("active")) {
      return Optional.empty();
    }
    Optional<User> user =
        users
            .byId(t.userId())
            .filter(User::enabled)
            .filter(u -> u.workspaceId() == t.workspaceId());
    if (user.isPresent()
        && (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY)))) {
      jdbc.sql("update api_tokens set last_used_at = ? where id = ?")
          .params(Timestamp.from(now), t.id())
          .update();
    }
    return user;
  }

  private Optional<ApiToken> byId(long id) {
    return jdbc.sql("select " + COLUMNS + " from api_tokens where id = ?")
        .param(id)
        .query(ApiTokens::map)
        .optional();
  }

  private static String subject(ApiToken t) {
    return "api token " + t.hint();
  }

  private static ApiToken map(ResultSet rs, int row) throws SQLException {
    return new ApiToken(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        rs.getLong("user_id"),
        rs.getString("name"),
        rs.getString("prefix"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")),
        instant(rs.getTimestamp("expires_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Stored(ApiToken token, String hash) {}

  /** A new token and its plaintext, to be shown once. */
  public record Issued(ApiToken token, String plaintext) {
    @Override
    public String toString() {
      return "Issued[" + token + "]"; // never the plaintext, should this end up in a log
    }
  }
}
