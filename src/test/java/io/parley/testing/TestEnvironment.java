package io.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context its own Parley home and database: an in-memory H2 for
 * profile {@code h2}, a fresh schema in the local PostgreSQL ({@code 127.0.0.1:5432/test}) for
 * profile {@code pg}, dropped when the JVM ends. Separate schemas let several builds share the
 * server.
 */
public class TestEnvironment
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String PG_URL =
      System.getProperty("parley.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String PG_USER = System.getProperty("parley.test.pg-user", "postgres");

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    var env = context.getEnvironment();
    Map<String, Object> props = new HashMap<>();
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    props.put("parley.home", home(id).toString());
    if (Arrays.asList(env.getActiveProfiles()).contains("pg")) {
      String schema = "parley_t_" + id;
      createSchema(schema);
      props.put("spring.datasource.url", PG_URL + "?currentSchema=" + schema);
      props.put("spring.datasource.username", PG_USER);
      props.put("spring.datasource.password", "");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
    } else {
      props.put("spring.datasource.url", "jdbc:h2:mem:parley_" + id + ";DB_CLOSE_DELAY=-1");
      props.put("spring.datasource.username", "sa");
      props.put("spring.datasource.password", "");
    }
    env.getPropertySources().addFirst(new MapPropertySource("parley-test-" + id, props));
  }

  private static Path home(String id) {
    try {
      return Files.createTempDirectory("parley-test-" + id);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Connection postgres() throws SQLException {
    try {
      return DriverManager.getConnection(PG_URL, PG_USER, "");
    } catch (SQLException e) {
      throw new SQLException(
          "PostgreSQL is required for the tests at "
              + PG_URL
              + " (trust auth). Start it, e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main"
              + " start`. Cause: "
              + e.getMessage(),
          e);
    }
  }

  private static void createSchema(String schema) {
    try (Connection c = postgres()) {
      c.createStatement().execute("create schema " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void dropSchema(String schema) {
    try (Connection c = postgres()) {
      c.createStatement().execute("drop schema if exists " + schema + " cascade");
    } catch (SQLException ignored) {
      // best effort at JVM exit
    }
  }
}
