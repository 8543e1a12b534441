package io.parley.channels;

import io.parley.shared.Network;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The brand accounts Parley reads and posts for. Credentials are encrypted at rest. */
@Repository
public class ChannelAccounts {

  private static final String COLUMNS =
      "id, workspace_id, network, handle, display_name, external_id, base_url, enabled, created_at";

  private final JdbcClient jdbc;
  private final CredentialCipher cipher;
  private final Clock clock;

  ChannelAccounts(JdbcClient jdbc, CredentialCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  public Optional<ChannelAccount> byId(long id) {
    return jdbc.sql("select " + COLUMNS + " from channel_accounts where id = ?")
        .param(id)
        .query(ChannelAccounts::map)
        .optional();
  }

  public Optional<ChannelAccount> find(long workspaceId, Network network, String handle) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from channel_accounts where workspace_id = ? and network = ? and handle = ?")
        .params(workspaceId, network.name(), handle)
        .query(ChannelAccounts::map)
        .optional();
  }

  public List<ChannelAccount> enabled() {
    return jdbc.sql("select " + COLUMNS + " from channel_accounts where enabled = true order by id")
        .query(ChannelAccounts::map)
        .list();
  }

  public List<ChannelAccount> inWorkspace(long workspaceId) {
    return jdbc.sql(
            "select " + COLUMNS + " from channel_accounts where workspace_id = ? order by id")
        .param(workspaceId)
        .query(ChannelAccounts::map)
        .list();
  }

  public ChannelAccount add(
      long workspaceId,
      Network network,
      String handle,
      String displayName,
      String externalId,
      String baseUrl,
      Map<String, String> secrets) {
    jdbc.sql(
            "insert into channel_accounts (workspace_id, network, handle, display_name,"
                + " external_id, base_url, credentials, enabled, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, true, ?)")
        .params(
            workspaceId,
            network.name(),
            handle,
            displayName,
            externalId,
            baseUrl,
            cipher.encrypt(encode(secrets)),
            Timestamp.from(clock.instant()))
        .update();
    return find(workspaceId, network, handle).orElseThrow();
  }

  public void updateEndpoint(long id, String baseUrl, Map<String, String> secrets) {
    jdbc.sql("update channel_accounts set base_url = ?, credentials = ? where id = ?")
        .params(baseUrl, cipher.encrypt(encode(secrets)), id)
        .update();
  }

  public void setEnabled(long id, boolean enabled) {
    jdbc.sql("update channel_accounts set enabled = ? where id = ?").params(enabled, id).update();
  }

  /** The account with its secrets decrypted, for handing to its connector. */
  public ConnectedAccount connect(ChannelAccount account) {
    String stored =
        jdbc.sql("select credentials from channel_accounts where id = ?")
            .param(account.id())
            .query(String.class)
            .single();
    Map<String, String> secrets = stored == null ? Map.of() : decode(cipher.decrypt(stored));
    return new ConnectedAccount(
        account.id(),
        account.workspaceId(),
        account.network(),
        account.handle(),
        account.externalId(),
        account.baseUrl(),
        secrets);
  }

  // A tiny line format keeps the ciphertext independent of any JSON library version.
  private static String encode(Map<String, String> secrets) {
    return secrets.entrySet().stream()
        .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, String> decode(String text) {
    Map<String, String> secrets = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return secrets;
    }
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      secrets.put(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
    }
    return secrets;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\e");
  }

  private static String unescape(String s) {
    var out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 'n' ? '\n' : n == 'e' ? '=' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static ChannelAccount map(ResultSet rs, int row) throws SQLException {
    return new ChannelAccount(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        Network.valueOf(rs.getString("network")),
        rs.getString("handle"),
        rs.getString("display_name"),
        rs.getString("external_id"),
        rs.getString("base_url"),
        rs.getBoolean("enabled"),
        rs.getTimestamp("created_at").toInstant());
  }
}
