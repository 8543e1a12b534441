package io.parley.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh schema in the local test PostgreSQL for an application running in another process;
 * dropped on close.
 */
public final class PgSchema implements ProcessDatabase {

  private final String name;

  private PgSchema(String name) {
    this.name = name;
  }

  public static PgSchema create(String prefix) throws SQLException {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = TestEnvironment.postgres()) {
      c.createStatement().execute("create schema " + name);
    }
    return new PgSchema(name);
  }

  public String name() {
    return name;
  }

  public String url() {
    return TestEnvironment.PG_URL + "?currentSchema=" + name;
  }

  /** The environment that points a Parley process at this schema. */
  @Override
  public Map<String, String> env() {
    return Map.of(
        "PARLEY_DB_URL",
        url(),
        "PARLEY_DB_USER",
        TestEnvironment.PG_USER,
        "PARLEY_DB_PASSWORD",
        "");
  }

  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), TestEnvironment.PG_USER, "");
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = TestEnvironment.postgres()) {
      c.createStatement().execute("drop schema if exists " + name + " cascade");
    }
  }
}
