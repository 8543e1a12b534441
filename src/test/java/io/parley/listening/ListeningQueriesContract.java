package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.listening.QueryMatcher.QueryKey;
import io.parley.testing.Fixtures;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The promises of {@link ListeningQueries}, run on H2 and PostgreSQL. */
abstract class ListeningQueriesContract {

  @Autowired ListeningQueries queries;
  @Autowired QueryMatcher matcher;
  @Autowired Fixtures fixtures;
  @Autowired Users users;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  @Autowired TransactionTemplate tx;

  long workspace;
  long user;

  @BeforeEach
  void setUp() {
    workspace = fixtures.workspace().id();
    user = users.create(workspace, UUID.randomUUID() + "@example.com", "Ann", "x", Role.AGENT).id();
  }

  private List<QueryKey> matches(String text) {
    return matcher.match(Post.of(text)).stream().filter(k -> k.workspaceId() == workspace).toList();
  }

  @Test
  void aSavedQueryMatchesTheNextPost() {
    assertThat(matches("anyone know where to get a dress for a wedding?")).isEmpty();

    StoredQuery q =
        queries.create(workspace, " Wedding outfits ", "(dress OR gown) NEAR/4 wedding", user);

    assertThat(q.name()).isEqualTo("Wedding outfits");
    assertThat(q.enabled()).isTrue();
    assertThat(q.createdBy()).isEqualTo(user);
    assertThat(queries.inWorkspace(workspace)).containsExactly(q);
    assertThat(matches("anyone know where to get a dress for a wedding?"))
        .containsExactly(new QueryKey(workspace, q.id()));
  }

  @Test
  void refusesAnInvalidQueryWithPositionAndSavesNothing() {
    assertThatThrownBy(() -> queries.create(workspace, "Dresses", "(summer dress OR gown", user))
        .isInstanceOfSatisfying(
            QuerySyntaxException.class,
            e -> {
              assertThat(e.position()).isEqualTo(1);
              assertThat(e.getMessage()).contains("unbalanced parenthesis at 1");
            });
    assertThatThrownBy(() -> queries.create(workspace, "Everything", "a*", user))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("too many words");
    assertThatThrownBy(() -> queries.create(workspace, "Blank", "  ", user))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("empty");

    assertThat(queries.inWorkspace(workspace)).isEmpty();
  }

  @Test
  void namesAreRequiredAndUniquePerWorkspace() {
    queries.create(workspace, "Jeans", "jeans", user);

    assertThatThrownBy(() -> queries.create(workspace, "Jeans", "denim", user))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> queries.create(workspace, " ", "denim", user))
        .hasMessageContaining("needs a name");
    long other = fixtures.workspace().id();
    assertThat(queries.create(other, "Jeans", "denim", null).createdBy()).isNull();
    assertThat(queries.inWorkspace(workspace))
        .extracting(StoredQuery::text)
        .containsExactly("jeans");
  }

  @Test
  void changesAndRemovalsTakeEffectForTheNextPost() {
    StoredQuery q = queries.create(workspace, "Shoes", "\"running shoes\"", user);
    assertThat(matches("need new running shoes")).hasSize(1);

    queries.update(workspace, q.id(), "Shoes", "trainers");
    assertThat(matches("need new running shoes")).isEmpty();
    assertThat(matches("need new trainers")).containsExactly(new QueryKey(workspace, q.id()));

    queries.setEnabled(workspace, q.id(), false);
    assertThat(matches("need new trainers")).isEmpty();
    assertThat(queries.byId(workspace, q.id()).orElseThrow().enabled()).isFalse();

    queries.setEnabled(workspace, q.id(), true);
    assertThat(matches("need new trainers")).hasSize(1);

    assertThat(queries.remove(workspace, q.id())).isTrue();
    assertThat(matches("need new trainers")).isEmpty();
    assertThat(queries.byId(workspace, q.id())).isEmpty();
    assertThat(queries.remove(workspace, q.id())).isFalse();
  }

  @Test
  void anInvalidChangeKeepsTheOldQuery() {
    StoredQuery q = queries.create(workspace, "Shoes", "trainers", user);

    assertThatThrownBy(() -> queries.update(workspace, q.id(), "Shoes", "trainers NEAR shoes"))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("NEAR needs a distance");

    assertThat(queries.byId(workspace, q.id()).orElseThrow().text()).isEqualTo("trainers");
    assertThat(matches("need new trainers")).hasSize(1);
  }

  @Test
  void aRolledBackChangeDoesNotReachTheMatcher() {
    try {
      tx.executeWithoutResult(
          status -> {
            queries.create(workspace, "Hats", "fedora", user);
            status.setRollbackOnly();
          });
    } finally {
      assertThat(queries.inWorkspace(workspace)).isEmpty();
      assertThat(matches("where can I buy a fedora")).isEmpty();
    }
  }

  @Test
  void anotherWorkspaceCannotChangeOrRemoveAQuery() {
    StoredQuery q = queries.create(workspace, "Shoes", "trainers", user);
    long other = fixtures.workspace().id();

    assertThat(queries.remove(other, q.id())).isFalse();
    assertThatThrownBy(() -> queries.update(other, q.id(), "x", "boots"))
        .hasMessageContaining("no listening query");
    assertThat(matches("need new trainers")).hasSize(1);
  }

  @Test
  void startUpLoadsTheEnabledStoredQueries() {
    StoredQuery on = queries.create(workspace, "On", "trainers", user);
    StoredQuery off = queries.create(workspace, "Off", "sandals", user);
    queries.setEnabled(workspace, off.id(), false);

    QueryMatcher fresh = new QueryMatcher();
    new ListeningQueries(jdbc, fresh, clock).afterSingletonsInstantiated();

    assertThat(fresh.match(Post.of("trainers and sandals")))
        .filteredOn(k -> k.workspaceId() == workspace)
        .containsExactly(new QueryKey(workspace, on.id()));
  }
}
