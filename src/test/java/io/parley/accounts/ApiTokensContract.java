package io.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.testing.Fixtures;
import io.parley.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the API's bearer sign-in and the account page rely on, run on H2 and PostgreSQL. */
abstract class ApiTokensContract {

  @Autowired ApiTokens tokens;
  @Autowired Users users;
  @Autowired AuditLog audit;
  @Autowired Fixtures fixtures;
  @Autowired JdbcClient jdbc;

  Workspace workspace;
  User ada;

  @BeforeEach
  void setUp() {
    workspace = fixtures.workspace();
    ada = person(workspace, Role.AGENT);
  }

  @Test
  void theTokenIsReturnedOnceAndOnlyItsHashIsStored() {
    var issued = tokens.create(ada.id(), "  nightly export ", null);
    String plaintext = issued.plaintext();
    assertThat(plaintext).matches("pat_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
    assertThat(plaintext).startsWith("pat_" + issued.token().prefix() + "_");
    assertThat(issued.toString()).doesNotContain(plaintext.substring(17));
    assertThat(issued.token().name()).isEqualTo("nightly export");
    assertThat(issued.token().state(Instant.now())).isEqualTo("active");

    Map<String, Object> row =
        jdbc.sql("select * from api_tokens where id = ?")
            .param(issued.token().id())
            .query()
            .singleRow();
    String secret = plaintext.substring(plaintext.lastIndexOf('_') + 1);
    assertThat(row.values()).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain(secret));
    assertThat(row.values().stream().map(String::valueOf).toList())
        .anySatisfy(v -> assertThat(v).hasSize(64).matches("[0-9a-f]+"));

    assertThat(tokens.ofUser(ada.id()))
        .singleElement()
        .satisfies(t -> assertThat(t.hint()).isEqualTo("pat_" + t.prefix() + "_…"));
    assertThat(audit.recent(workspace.id(), 10))
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("api_token.created");
              assertThat(e.actorUserId()).isEqualTo(ada.id());
              assertThat(e.subject() + e.detail()).doesNotContain(secret);
            });
  }

  @Test
  void aValidTokenSignsInItsOwnerAndNothingElseDoes() {
    String plaintext = tokens.create(ada.id(), "script", null).plaintext();
    assertThat(tokens.authenticate(plaintext)).map(User::id).contains(ada.id());

    String prefix = plaintext.substring(0, 17);
    String otherSecret = "A".repeat(43);
    assertThat(tokens.authenticate(prefix + otherSecret))
        .as("right prefix, wrong secret")
        .isEmpty();
    assertThat(tokens.authenticate("pat_0123456789ab_" + otherSecret)).as("unknown").isEmpty();
    assertThat(tokens.authenticate(plaintext.substring(4))).as("no scheme").isEmpty();
    assertThat(tokens.authenticate(plaintext + "x")).as("too long").isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
    assertThat(tokens.authenticate("pat_'; drop table api_tokens; --")).isEmpty();
  }

  @Test
  void revokedExpiredAndBlockedTokensStopWorking() {
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    ApiTokens timed = new ApiTokens(jdbc, users, audit, clock);
    String expiring = timed.create(ada.id(), "a week", Duration.ofDays(7)).plaintext();
    String revoked = timed.create(ada.id(), "revoked", null).plaintext();
    long revokedId = timed.ofUser(ada.id()).getFirst().id();

    assertThat(timed.revoke(ada.id(), revokedId)).isTrue();
    assertThat(timed.authenticate(revoked)).isEmpty();
    assertThat(timed.ofUser(ada.id()).getFirst().state(clock.instant())).isEqualTo("revoked");

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(timed.authenticate(expiring)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(timed.authenticate(expiring)).isEmpty();
    assertThat(timed.ofUser(ada.id()).getLast().state(clock.instant())).isEqualTo("expired");

    String forever = timed.create(ada.id(), "forever", null).plaintext();
    assertThat(timed.authenticate(forever)).isPresent();
    users.setEnabled(workspace.id(), ada.id(), false);
    assertThat(timed.authenticate(forever)).as("owner blocked from signing in").isEmpty();
    users.setEnabled(workspace.id(), ada.id(), true);
    assertThat(timed.authenticate(forever)).isPresent();
  }

  @Test
  void lastUseIsRecordedAtMostOnceAMinute() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(start);
    ApiTokens timed = new ApiTokens(jdbc, users, audit, clock);
    String plaintext = timed.create(ada.id(), "poller", null).plaintext();
    assertThat(timed.ofUser(ada.id()).getFirst().lastUsedAt()).isNull();

    timed.authenticate(plaintext);
    assertThat(timed.ofUser(ada.id()).getFirst().lastUsedAt()).isEqualTo(start);
    clock.advance(Duration.ofSeconds(59));
    timed.authenticate(plaintext);
    assertThat(timed.ofUser(ada.id()).getFirst().lastUsedAt()).isEqualTo(start);
    clock.advance(Duration.ofSeconds(2));
    timed.authenticate(plaintext);
    assertThat(timed.ofUser(ada.id()).getFirst().lastUsedAt()).isEqualTo(clock.instant());
  }

  @Test
  void peopleRevokeTheirOwnTokensAndAdminsAnyInTheirWorkspace() {
    User ben = person(workspace, Role.MANAGER);
    User admin = person(workspace, Role.ADMIN);
    User foreignAdmin = person(fixtures.workspace(), Role.ADMIN);
    var issued = tokens.create(ada.id(), "ada's", null);
    long id = issued.token().id();

    assertThat(tokens.revoke(ben.id(), id)).as("a colleague, even a manager").isFalse();
    assertThat(tokens.revoke(foreignAdmin.id(), id)).as("an admin elsewhere").isFalse();
    assertThat(tokens.revoke(ada.id(), Long.MAX_VALUE)).as("no such token").isFalse();
    assertThat(tokens.authenticate(issued.plaintext())).isPresent();

    assertThat(tokens.revoke(admin.id(), id)).isTrue();
    assertThat(tokens.authenticate(issued.plaintext())).isEmpty();
    assertThat(audit.recent(workspace.id(), 10))
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("api_token.revoked");
              assertThat(e.actorUserId()).isEqualTo(admin.id());
            });
  }

  @Test
  void namesAreRequiredAndActiveTokensCapped() {
    assertThatThrownBy(() -> tokens.create(ada.id(), "  ", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.create(ada.id(), "x".repeat(101), null))
        .isInstanceOf(IllegalArgumentException.class);
    for (int i = 0; i < ApiTokens.MAX_ACTIVE; i++) {
      tokens.create(ada.id(), "t" + i, null);
    }
    assertThatThrownBy(() -> tokens.create(ada.id(), "one too many", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Revoke");
    tokens.revoke(ada.id(), tokens.ofUser(ada.id()).getFirst().id());
    assertThat(tokens.create(ada.id(), "room again", null).plaintext()).startsWith("pat_");
  }

  private User person(Workspace ws, Role role) {
    String email = "p-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    return users.create(ws.id(), email, "Person " + role, "{noop}unused", role);
  }
}
