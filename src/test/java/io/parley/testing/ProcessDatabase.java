package io.parley.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** A database a Parley process runs on, which the test can also query directly. */
public interface ProcessDatabase extends AutoCloseable {

  /** The environment that points a Parley process at this database. */
  Map<String, String> env();

  Connection connect() throws SQLException;

  @Override
  void close() throws SQLException;
}
