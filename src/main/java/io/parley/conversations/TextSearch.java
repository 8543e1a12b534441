package io.parley.conversations;

import java.sql.DatabaseMetaData;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * How the inbox search box finds messages and contacts: PostgreSQL full-text search over GIN
 * indexes, or substring matching where there is none (H2, one small team's embedded database). Both
 * AND the terms; see docs/adr/0004-inbox-indexes-and-search.md.
 */
enum TextSearch {

  /**
   * {@code to_tsvector('simple', …) @@ to_tsquery('simple', …)}. The expressions must stay exactly
   * those of the indexes in db/vendor/postgresql/V50_1__search_indexes.sql, or PostgreSQL scans.
   */
  FULL_TEXT {
    @Override
    String messages(SearchTerms terms, List<Object> params) {
      params.add(terms.tsquery());
      return "to_tsvector('simple', m.text || ' ' || coalesce(m.author_name, '') || ' '"
          + " || coalesce(m.author_handle, '')) @@ to_tsquery('simple', ?)";
    }

    /**
     * Rare terms: the matching messages' conversations first (the GIN index), then those
     * conversations by primary key. Frequent terms: the conversations newest first, each checked
     * until the page is full. PostgreSQL's estimate for a word outside its most common elements is
     * too high to choose well between these (it read every conversation in scope for a word in ten
     * messages), so the estimate only picks the side and the shapes fix the plans.
     */
    @Override
    String conversations(JdbcClient jdbc, SearchTerms terms, List<Object> params) {
      return conversations(jdbc, terms, params, FEW_MESSAGES);
    }

    @Override
    String conversations(JdbcClient jdbc, SearchTerms terms, List<Object> params, long few) {
      int from = params.size();
      String match = messages(terms, params);
      if (estimate(jdbc, "select 1 from messages m where " + match, params, from) <= few) {
        return "c.id = any(array(select m.conversation_id from messages m where " + match + "))";
      }
      return EXISTS + match + ")";
    }

    /**
     * As for messages: a name matches few contacts, and their conversations are fetched by contact;
     * many contacts (a one-letter prefix) leave it to the planner.
     */
    @Override
    String conversationsOfContacts(
        JdbcClient jdbc, long workspaceId, SearchTerms terms, List<Object> params) {
      int from = params.size();
      String query = contacts(workspaceId, terms, params);
      if (estimate(jdbc, query, params, from) <= FEW_CONTACTS) {
        return "c.contact_id = any(array(" + query + "))";
      }
      return "c.contact_id in (" + query + ")";
    }

    private static double estimate(JdbcClient jdbc, String query, List<Object> params, int from) {
      String plan =
          jdbc.sql("explain (format json) " + query)
              .params(params.subList(from, params.size()))
              .query(String.class)
              .single();
      Matcher rows = PLAN_ROWS.matcher(plan);
      return rows.find() ? Double.parseDouble(rows.group(1)) : Double.MAX_VALUE;
    }

    @Override
    String contacts(long workspaceId, SearchTerms terms, List<Object> params) {
      params.add(workspaceId);
      params.add(terms.tsquery());
      params.add(workspaceId);
      params.add(terms.tsquery());
      return "select ct.id from contacts ct where ct.workspace_id = ?"
          + " and to_tsvector('simple', ct.display_name) @@ to_tsquery('simple', ?)"
          + " union all select ci.contact_id from contact_identities ci where ci.workspace_id = ?"
          + " and to_tsvector('simple', ci.handle || ' ' || ci.display_name)"
          + " @@ to_tsquery('simple', ?)";
    }
  },

  /** Every term a substring of the lower-cased text: infix rather than prefix, no index. */
  SUBSTRING {
    @Override
    String messages(SearchTerms terms, List<Object> params) {
      return likeAll(
          "lower(m.text || ' ' || coalesce(m.author_name, '') || ' ' || coalesce(m.author_handle,"
              + " ''))",
          terms,
          params);
    }

    @Override
    String contacts(long workspaceId, SearchTerms terms, List<Object> params) {
      params.add(workspaceId);
      String byName = likeAll("lower(ct.display_name)", terms, params);
      params.add(workspaceId);
      String byIdentity = likeAll("lower(ci.handle || ' ' || ci.display_name)", terms, params);
      return "select ct.id from contacts ct where ct.workspace_id = ? and "
          + byName
          + " union all select ci.contact_id from contact_identities ci where ci.workspace_id = ?"
          + " and "
          + byIdentity;
    }

    private static String likeAll(String column, SearchTerms terms, List<Object> params) {
      var sb = new StringBuilder("(");
      for (String pattern : terms.likePatterns()) {
        sb.append(sb.length() > 1 ? " and " : "").append(column).append(" like ? escape '\\'");
        params.add(pattern);
      }
      return sb.append(')').toString();
    }
  };

  /**
   * Messages the rare-term plan fetches through the index at most: at 10M messages about 0.2% of
   * them, some 100 ms (docs/benchmarks.md#inbox).
   */
  static final long FEW_MESSAGES = 20_000;

  /** Contacts whose conversations are fetched by contact at most. */
  static final long FEW_CONTACTS = 500;

  private static final String EXISTS =
      "exists (select 1 from messages m where m.conversation_id = c.id and ";
  private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

  /** A condition on conversations {@code c}: one of their messages matches all terms. */
  String conversations(JdbcClient jdbc, SearchTerms terms, List<Object> params) {
    return EXISTS + messages(terms, params) + ")";
  }

  /** As {@link #conversations(JdbcClient, SearchTerms, List)}, with the rare-term threshold. */
  String conversations(JdbcClient jdbc, SearchTerms terms, List<Object> params, long few) {
    return conversations(jdbc, terms, params);
  }

  /** Whether a condition of this class names the few conversations or contacts it admits. */
  static boolean startsFromIds(String condition) {
    return condition.contains(" = any(array(");
  }

  /** A condition on conversations {@code c}: their contact matches all terms. */
  String conversationsOfContacts(
      JdbcClient jdbc, long workspaceId, SearchTerms terms, List<Object> params) {
    return "c.contact_id in (" + contacts(workspaceId, terms, params) + ")";
  }

  /** A condition on messages {@code m} that holds when one message matches all terms. */
  abstract String messages(SearchTerms terms, List<Object> params);

  /**
   * A query of the ids of the workspace's contacts whose name, or one of whose identities, match.
   */
  abstract String contacts(long workspaceId, SearchTerms terms, List<Object> params);

  /** Full text on PostgreSQL, substrings elsewhere; asked once, when the application starts. */
  static TextSearch of(DataSource dataSource) {
    try {
      String product =
          JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
      return product != null && product.toLowerCase(Locale.ROOT).contains("postgres")
          ? FULL_TEXT
          : SUBSTRING;
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException("Cannot tell which database this is", e);
    }
  }
}
