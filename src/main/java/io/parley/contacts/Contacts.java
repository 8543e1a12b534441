package io.parley.contacts;

import io.parley.shared.BatchInsert;
import io.parley.shared.Network;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** People behind messages and their identities per network. */
@Repository
public class Contacts {

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final Clock clock;

  Contacts(JdbcClient jdbc, JdbcTemplate batches, Clock clock) {
    this.jdbc = jdbc;
    this.batches = batches;
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
    return identify(
            workspaceId,
            network,
            identity(workspaceId, network, externalId).orElse(null),
            externalId,
            handle,
            displayName,
            followers)
        .contactId();
  }

  /**
   * {@link #identify} for a caller that has already read the identity in its transaction (e.g. for
   * a whole batch with {@link #identities}): saves the lookup. Returns the identity as it now is.
   *
   * @param known the stored identity as read in the caller's transaction, or null when there is
   *     none
   */
  public Identity identify(
      long workspaceId,
      Network network,
      Identity known,
      String externalId,
      String handle,
      String displayName,
      Integer followers) {
    String name = name(externalId, handle, displayName);
    String safeHandle = handle(externalId, handle);
    Timestamp now = Timestamp.from(clock.instant());
    if (known != null) {
      if (known.isAsSeen(handle, displayName, followers)) {
        return known;
      }
      jdbc.sql(
              "update contact_identities set handle = ?, display_name = ?, followers = ?,"
                  + " updated_at = ? where id = ?")
          .params(safeHandle, name, followers, now, known.id())
          .update();
      return new Identity(
          known.id(), known.contactId(), network, externalId, safeHandle, name, followers);
    }
    var key = new GeneratedKeyHolder();
    jdbc.sql("insert into contacts (workspace_id, display_name, created_at) values (?, ?, ?)")
        .params(workspaceId, name, now)
        .update(key, "id");
    long contactId = key.getKey().longValue();
    var identityKey = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into contact_identities (workspace_id, contact_id, network, external_id,"
                + " handle, display_name, followers, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId, contactId, network.name(), externalId, safeHandle, name, followers, now)
        .update(identityKey, "id");
    return new Identity(
        identityKey.getKey().longValue(),
        contactId,
        network,
        externalId,
        safeHandle,
        name,
        followers);
  }

  /** A person seen for the first time, as {@link #createAll} takes them. */
  public record Sighting(String externalId, String handle, String displayName, Integer followers) {}

  /**
   * {@link #identify} for people known to have no identity yet, in two JDBC batches (contacts, then
   * identities) instead of two statements each. A concurrent creation of the same identity fails on
   * its unique constraint, as {@link #identify} does.
   */
  public Map<String, Identity> createAll(
      long workspaceId, Network network, List<Sighting> firstSightings) {
    Map<String, Identity> created = new HashMap<>();
    if (firstSightings.isEmpty()) {
      return created;
    }
    Timestamp now = Timestamp.from(clock.instant());
    long[] contactIds =
        BatchInsert.returningIds(
            batches,
            "insert into contacts (workspace_id, display_name, created_at) values (?, ?, ?)",
            firstSightings.stream()
                .map(
                    p ->
                        new Object[] {
                          workspaceId, name(p.externalId(), p.handle(), p.displayName()), now
                        })
                .toList());
    List<Object[]> rows = new ArrayList<>(firstSightings.size());
    for (int i = 0; i < contactIds.length; i++) {
      Sighting p = firstSightings.get(i);
      rows.add(
          new Object[] {
            workspaceId,
            contactIds[i],
            network.name(),
            p.externalId(),
            handle(p.externalId(), p.handle()),
            name(p.externalId(), p.handle(), p.displayName()),
            p.followers(),
            now
          });
    }
    long[] identityIds =
        BatchInsert.returningIds(
            batches,
            "insert into contact_identities (workspace_id, contact_id, network, external_id,"
                + " handle, display_name, followers, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            rows);
    for (int i = 0; i < identityIds.length; i++) {
      Object[] row = rows.get(i);
      created.put(
          (String) row[3],
          new Identity(
              identityIds[i],
              contactIds[i],
              network,
              (String) row[3],
              (String) row[4],
              (String) row[5],
              (Integer) row[6]));
    }
    return created;
  }

  public Optional<Identity> identity(long workspaceId, Network network, String externalId) {
    return jdbc.sql(
            "select id, contact_id, network, external_id, handle, display_name, followers"
                + " from contact_identities where workspace_id = ? and network = ? and"
                + " external_id = ?")
        .params(workspaceId, network.name(), externalId)
        .query(Contacts::map)
        .optional();
  }

  /** Several identities in one round trip, by external id (unknown ones are absent). */
  public Map<String, Identity> identities(
      long workspaceId, Network network, Collection<String> externalIds) {
    Map<String, Identity> found = new HashMap<>();
    List<String> all = List.copyOf(new LinkedHashSet<>(externalIds));
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      // A join with the array: one statement shape whatever the count, and an index lookup per
      // id on both databases (H2 and an unanalysed PostgreSQL scan for "= any(?)").
      jdbc.sql(
              "select i.id, i.contact_id, i.network, i.external_id, i.handle, i.display_name,"
                  + " i.followers from unnest(?) as x(external_id) join contact_identities i"
                  + " on i.workspace_id = ? and i.network = ? and i.external_id = x.external_id")
          .params(chunk.toArray(String[]::new), workspaceId, network.name())
          .query(Contacts::map)
          .list()
          .forEach(identity -> found.put(identity.externalId(), identity));
    }
    return found;
  }

  /** The identities of these contacts, for showing who wrote in lists. */
  public List<Identity> identities(long workspaceId, Collection<Long> contactIds) {
    if (contactIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select id, contact_id, network, external_id, handle, display_name, followers"
                + " from contact_identities where workspace_id = :workspace and contact_id in"
                + " (:contacts)")
        .param("workspace", workspaceId)
        .param("contacts", List.copyOf(contactIds))
        .query(Contacts::map)
        .list();
  }

  private static Identity map(ResultSet rs, int row) throws SQLException {
    return new Identity(
        rs.getLong("id"),
        rs.getLong("contact_id"),
        Network.valueOf(rs.getString("network")),
        rs.getString("external_id"),
        rs.getString("handle"),
        rs.getString("display_name"),
        (Integer) rs.getObject("followers"));
  }

  private static String name(String externalId, String handle, String displayName) {
    String name = displayName == null || displayName.isBlank() ? handle : displayName;
    return name == null || name.isBlank() ? externalId : name;
  }

  private static String handle(String externalId, String handle) {
    return handle == null || handle.isBlank() ? externalId : handle;
  }

  /** One person's presence on one network. */
  public record Identity(
      long id,
      long contactId,
      Network network,
      String externalId,
      String handle,
      String displayName,
      Integer followers) {

    /**
     * Whether {@link #identify} with these details would leave this identity unchanged (so a caller
     * holding it may skip the call).
     */
    public boolean isAsSeen(String handle, String displayName, Integer followers) {
      return this.handle.equals(Contacts.handle(externalId, handle))
          && this.displayName.equals(name(externalId, handle, displayName))
          && Objects.equals(this.followers, followers);
    }
  }
}
