package io.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The inbox search box on both supported databases. */
class SearchTest {

  @Nested
  @OnH2
  class OnH2Database extends SearchContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends SearchContract {

    @Autowired DataSource dataSource;

    @Test
    void rareAndFrequentTermPlansFindTheSame() {
      for (String text : List.of("refund", "refund order", "\"late order\"", "kim", "café", "zz")) {
        var terms = SearchTerms.parse(text);
        assertThat(matching(terms, Long.MAX_VALUE))
            .as(text)
            .isEqualTo(matching(terms, -1))
            .isEqualTo(search(text).stream().filter(id -> id != fromIngrid).sorted().toList());
      }
    }

    private List<Long> matching(SearchTerms terms, long few) {
      var params = new ArrayList<Object>(List.of(ws.id()));
      String condition = TextSearch.FULL_TEXT.conversations(jdbc, terms, params, few);
      assertThat(condition).contains(few < 0 ? "exists (" : "any(array(");
      return jdbc.sql(
              "select c.id from conversations c where c.workspace_id = ? and "
                  + condition
                  + " order by c.id")
          .params(params)
          .query(Long.class)
          .list();
    }

    @Test
    void searchUsesTheFullTextIndexes() throws SQLException {
      // the vendor migration ran (spring.flyway.locations with {vendor})
      assertThat(
              jdbc.sql(
                      "select indexname from pg_indexes where schemaname = current_schema()"
                          + " and indexname like '%_search' order by indexname")
                  .query(String.class)
                  .list())
          .containsExactly(
              "ix_contact_identities_search", "ix_contacts_search", "ix_messages_search");
      // the query's expression is the index's: with sequential scans off, the plan uses it
      var plan = new StringBuilder();
      try (Connection c = dataSource.getConnection()) {
        c.createStatement().execute("set enable_seqscan = off");
        var explain =
            c.prepareStatement(
                "explain select 1 from messages m where "
                    + TextSearch.FULL_TEXT.messages(
                        SearchTerms.parse("refund"), new ArrayList<>()));
        explain.setString(1, SearchTerms.parse("refund").tsquery());
        try (ResultSet rs = explain.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        c.createStatement().execute("reset enable_seqscan");
      }
      assertThat(plan).contains("ix_messages_search");
    }
  }
}
