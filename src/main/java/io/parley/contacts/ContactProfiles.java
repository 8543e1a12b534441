package io.parley.contacts;

import io.parley.shared.Network;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person as the team knows them: their identities on each network, and the notes and tags the
 * team keeps about them across conversations. Everything is scoped to the workspace: a contact id
 * from another workspace finds nothing.
 */
@Service
public class ContactProfiles {

  /** Longest note kept; longer ones are refused, not cut. */
  public static final int MAX_NOTE = 4000;

  public static final int MAX_TAG = 64;

  private final JdbcClient jdbc;
  private final Clock clock;

  ContactProfiles(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The contact's profile, if the contact belongs to the workspace. */
  public Optional<Profile> profile(long workspaceId, long contactId) {
    return jdbc.sql(
            "select id, display_name, created_at from contacts where id = ? and workspace_id = ?")
        .params(contactId, workspaceId)
        .query(
            (rs, row) ->
                new Profile(
                    rs.getLong("id"),
                    rs.getString("display_name"),
                    rs.getTimestamp("created_at").toInstant(),
                    identities(workspaceId, contactId),
                    notes(contactId),
                    tags(contactId)))
        .optional();
  }

  /** Adds a note by {@code userId}; false when the contact is not in the workspace. */
  @Transactional
  public boolean addNote(long workspaceId, long contactId, long userId, String text) {
    String note = text == null ? "" : text.strip();
    if (note.isEmpty() || note.length() > MAX_NOTE) {
      throw new IllegalArgumentException(
          note.isEmpty()
              ? "A note needs some text"
              : "A note can be at most " + MAX_NOTE + " characters");
    }
    if (!exists(workspaceId, contactId)) {
      return false;
    }
    jdbc.sql(
            "insert into contact_notes (workspace_id, contact_id, author_user_id, text, created_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(workspaceId, contactId, userId, note, Timestamp.from(clock.instant()))
        .update();
    return true;
  }

  /** Tags the contact (lower case, trimmed; adding twice is a no-op). */
  @Transactional
  public boolean addTag(long workspaceId, long contactId, String tag) {
    String t = normalizeTag(tag);
    if (!exists(workspaceId, contactId)) {
      return false;
    }
    boolean present =
        jdbc.sql("select count(*) from contact_tags where contact_id = ? and tag = ?")
                .params(contactId, t)
                .query(Integer.class)
                .single()
            > 0;
    if (!present) {
      jdbc.sql("insert into contact_tags (contact_id, tag) values (?, ?)")
          .params(contactId, t)
          .update();
    }
    return true;
  }

  @Transactional
  public boolean removeTag(long workspaceId, long contactId, String tag) {
    if (!exists(workspaceId, contactId)) {
      return false;
    }
    jdbc.sql("delete from contact_tags where contact_id = ? and tag = ?")
        .params(contactId, normalizeTag(tag))
        .update();
    return true;
  }

  static String normalizeTag(String tag) {
    String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("#")) {
      t = t.substring(1);
    }
    if (t.isEmpty() || t.length() > MAX_TAG) {
      throw new IllegalArgumentException("A tag has 1 to " + MAX_TAG + " characters");
    }
    return t;
  }

  private boolean exists(long workspaceId, long contactId) {
    return jdbc.sql("select count(*) from contacts where id = ? and workspace_id = ?")
            .params(contactId, workspaceId)
            .query(Integer.class)
            .single()
        > 0;
  }

  private List<Identity> identities(long workspaceId, long contactId) {
    return jdbc.sql(
            "select network, external_id, handle, display_name, followers, updated_at"
                + " from contact_identities where workspace_id = ? and contact_id = ?"
                + " order by network, handle")
        .params(workspaceId, contactId)
        .query(
            (rs, row) ->
                new Identity(
                    Network.valueOf(rs.getString("network")),
                    rs.getString("external_id"),
                    rs.getString("handle"),
                    rs.getString("display_name"),
                    (Integer) rs.getObject("followers"),
                    rs.getTimestamp("updated_at").toInstant()))
        .list();
  }

  private List<Note> notes(long contactId) {
    return jdbc.sql(
            "select id, author_user_id, text, created_at from contact_notes"
                + " where contact_id = ? order by created_at desc, id desc")
        .param(contactId)
        .query(
            (rs, row) ->
                new Note(
                    rs.getLong("id"),
                    rs.getLong("author_user_id"),
                    rs.getString("text"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  private List<String> tags(long contactId) {
    return jdbc.sql("select tag from contact_tags where contact_id = ? order by tag")
        .param(contactId)
        .query(String.class)
        .list();
  }

  /** A contact with what the team knows about them. */
  public record Profile(
      long id,
      String displayName,
      Instant firstSeen,
      List<Identity> identities,
      List<Note> notes,
      List<String> tags) {}

  /** The person on one network, as last seen. */
  public record Identity(
      Network network,
      String externalId,
      String handle,
      String displayName,
      Integer followers,
      Instant updatedAt) {}

  /** A note about the person by someone of the team. */
  public record Note(long id, long authorUserId, String text, Instant createdAt) {}
}
