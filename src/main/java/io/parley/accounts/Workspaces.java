package io.parley.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All workspaces on this installation. */
@Repository
public class Workspaces {

  private final JdbcClient jdbc;
  private final Clock clock;

  Workspaces(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Optional<Workspace> bySlug(String slug) {
    return jdbc.sql("select id, slug, name, created_at from workspaces where slug = ?")
        .param(slug)
        .query(Workspaces::map)
        .optional();
  }

  public Optional<Workspace> byId(long id) {
    return jdbc.sql("select id, slug, name, created_at from workspaces where id = ?")
        .param(id)
        .query(Workspaces::map)
        .optional();
  }

  public List<Workspace> all() {
    return jdbc.sql("select id, slug, name, created_at from workspaces order by id")
        .query(Workspaces::map)
        .list();
  }

  public Workspace create(String slug, String name) {
    var now = clock.instant();
    jdbc.sql("insert into workspaces (slug, name, created_at) values (?, ?, ?)")
        .params(slug, name, Timestamp.from(now))
        .update();
    return bySlug(slug).orElseThrow();
  }

  private static Workspace map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Workspace(
        rs.getLong("id"),
        rs.getString("slug"),
        rs.getString("name"),
        rs.getTimestamp("created_at").toInstant());
  }
}
