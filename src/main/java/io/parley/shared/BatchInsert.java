package io.parley.shared;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Inserts many rows in one JDBC batch (one round trip) and returns their generated ids in row
 * order. PostgreSQL's driver and H2 both return the keys of a batch.
 */
public final class BatchInsert {

  private BatchInsert() {}

  /** {@code sql} is an insert with one {@code ?} per value of each row; the key column is "id". */
  public static long[] returningIds(JdbcTemplate jdbc, String sql, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return new long[0];
    }
    var keys = new GeneratedKeyHolder();
    jdbc.batchUpdate(
        con -> con.prepareStatement(sql, new String[] {"id"}),
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            new ArgumentPreparedStatementSetter(rows.get(i)).setValues(ps);
          }

          @Override
          public int getBatchSize() {
            return rows.size();
          }
        },
        keys);
    List<Map<String, Object>> generated = keys.getKeyList();
    long[] ids = new long[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = ((Number) generated.get(i).values().iterator().next()).longValue();
    }
    return ids;
  }
}
