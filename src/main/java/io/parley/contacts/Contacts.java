package io.parley.contacts;

import io.parley.shared.Network;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** People behind messages and their identities per network. */
@Repository
public class Contacts {

  private final JdbcClient jdbc;
  private final Clock clock;

  Contacts(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * The contact for a network identity, created on first sight. Handle, display name and audience
   * follow the network (handles change; the external id does not).
   */
  @Transactional
  public long identify(
      long workspaceId,
      Network network,
      String externalId,
      String handle,
      String displayName,
      Integer followers) {
    String name = displayName == null || displayName.isBlank() ? handle : displayName;
    name = name == null || name.isBlank() ? externalId : name;
    String safeHandle = handle == null || handle.isBlank() ? externalId : handle;
    Optional<Identity> existing = identity(workspaceId, network, externalId);
    Timestamp now = Timestamp.from(clock.instant());
    if (existing.isPresent()) {
      Identity identity = existing.get();
      if (!identity.handle().equals(safeHandle)
          || !identity.displayName().equals(name)
          || !Objects.equals(identity.followers(), followers)) {
        jdbc.sql(
                "update contact_identities set handle = ?, display_name = ?, followers = ?,"
                    + " updated_at = ? where id = ?")
            .params(safeHandle, name, followers, now, identity.id())
            .update();
      }
      return identity.contactId();
    }
    var key = new GeneratedKeyHolder();
    jdbc.sql("insert into contacts (workspace_id, display_name, created_at) values (?, ?, ?)")
        .params(workspaceId, name, now)
        .update(key, "id");
    long contactId = key.getKey().longValue();
    jdbc.sql(
            "insert into contact_identities (workspace_id, contact_id, network, external_id,"
                + " handle, display_name, followers, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId, contactId, network.name(), externalId, safeHandle, name, followers, now)
        .update();
    return contactId;
  }

  public Optional<Identity> identity(long workspaceId, Network network, String externalId) {
    return jdbc.sql(
            "select id, contact_id, network, external_id, handle, display_name, followers"
                + " from contact_identities where workspace_id = ? and network = ? and"
                + " external_id = ?")
        .params(workspaceId, network.name(), externalId)
        .query(
            (rs, row) ->
                new Identity(
                    rs.getLong("id"),
                    rs.getLong("contact_id"),
                    Network.valueOf(rs.getString("network")),
                    rs.getString("external_id"),
                    rs.getString("handle"),
                    rs.getString("display_name"),
                    (Integer) rs.getObject("followers")))
        .optional();
  }

  /** One person's presence on one network. */
  public record Identity(
      long id,
      long contactId,
      Network network,
      String externalId,
      String handle,
      String displayName,
      Integer followers) {}
}
