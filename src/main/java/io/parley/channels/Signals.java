package io.parley.channels;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Favourites, boosts and follows per channel account: stored once per network id (a page fetched
 * twice counts once) and counted, for the health page and for the engagement a brand's post got.
 */
@Service
public class Signals {

  private static final int HANDLE = 300;
  private static final int ID = 500;

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  Signals(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
  }

  /**
   * Stores the signals not stored yet (runs inside the caller's transaction, so they are kept
   * together with the page's cursor). Returns how many were new.
   */
  public int record(long channelAccountId, List<InboundSignal> signals) {
    Map<String, InboundSignal> byId = new LinkedHashMap<>();
    for (InboundSignal s : signals) {
      if (s.externalId() != null && !s.externalId().isBlank() && s.externalId().length() <= ID) {
        byId.putIfAbsent(s.externalId(), s);
      }
    }
    if (byId.isEmpty()) {
      return 0;
    }
    Set<String> known =
        new HashSet<>(
            named.queryForList(
                "select external_id from channel_signals"
                    + " where channel_account_id = :account and external_id in (:ids)",
                Map.of("account", channelAccountId, "ids", byId.keySet()),
                String.class));
    List<Object[]> rows = new ArrayList<>();
    for (InboundSignal s : byId.values()) {
      if (!known.contains(s.externalId())) {
        rows.add(
            new Object[] {
              channelAccountId,
              s.externalId(),
              s.kind().name(),
              cut(s.actorHandle(), HANDLE),
              cut(s.targetExternalId(), ID),
              Timestamp.from(s.at())
            });
      }
    }
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          "insert into channel_signals (channel_account_id, external_id, kind, actor_handle,"
              + " target_external_id, occurred_at) values (?, ?, ?, ?, ?, ?)",
          rows);
    }
    return rows.size();
  }

  /** Signals of the account since {@code since}, by kind (kinds with none are left out). */
  public Map<InboundSignal.Kind, Integer> since(long channelAccountId, Instant since) {
    Map<InboundSignal.Kind, Integer> counts = new EnumMap<>(InboundSignal.Kind.class);
    jdbc.query(
        "select kind, count(*) from channel_signals where channel_account_id = ?"
            + " and occurred_at >= ? group by kind",
        rs -> {
          counts.put(InboundSignal.Kind.valueOf(rs.getString(1)), rs.getInt(2));
        },
        channelAccountId,
        Timestamp.from(since));
    return counts;
  }

  /** For each of these posts of the account, the signals it got, by kind. */
  public Map<String, Map<InboundSignal.Kind, Integer>> onPosts(
      long channelAccountId, Collection<String> postExternalIds) {
    Map<String, Map<InboundSignal.Kind, Integer>> counts = new HashMap<>();
    if (postExternalIds.isEmpty()) {
      return counts;
    }
    named.query(
        "select target_external_id, kind, count(*) from channel_signals"
            + " where channel_account_id = :account and target_external_id in (:ids)"
            + " group by target_external_id, kind",
        Map.of("account", channelAccountId, "ids", Set.copyOf(postExternalIds)),
        rs -> {
          counts
              .computeIfAbsent(rs.getString(1), k -> new EnumMap<>(InboundSignal.Kind.class))
              .put(InboundSignal.Kind.valueOf(rs.getString(2)), rs.getInt(3));
        });
    return counts;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
