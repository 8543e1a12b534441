package io.parley.notifications;

import io.parley.channels.CredentialCipher;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's outgoing webhooks. The signing secret is kept encrypted (we need it back to sign,
 * so a hash would not do) and never leaves this class except to {@link WebhookDeliveries}.
 */
@Service
public class Webhooks {

  static final int MIN_SECRET_LENGTH = 16;

  private final JdbcClient jdbc;
  private final CredentialCipher cipher;
  private final Clock clock;

  Webhooks(JdbcClient jdbc, CredentialCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * Adds a webhook. Refuses (IllegalArgumentException with a message for the admin) what is not an
   * http(s) URL, a URL at a link-local or cloud metadata address, a short secret or no events.
   */
  @Transactional
  public long add(long workspaceId, String url, String secret, Set<WebhookEvent> events) {
    URI uri = checkedUrl(url);
    if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "The secret needs at least " + MIN_SECRET_LENGTH + " characters.");
    }
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException("Choose at least one event to send.");
    }
    var key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into webhooks (workspace_id, url, secret_encrypted, events, created_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            uri.toString(),
            cipher.encrypt(secret.strip()),
            events.stream().map(WebhookEvent::wireName).sorted().collect(Collectors.joining(",")),
            Timestamp.from(clock.instant()))
        .update(key, "id");
    return key.getKey().longValue();
  }

  /** Stops a webhook; its delivery log stays. */
  @Transactional
  public boolean remove(long workspaceId, long webhookId) {
    return jdbc.sql(
                "update webhooks set deleted_at = ? where id = ? and workspace_id = ?"
                    + " and deleted_at is null")
            .params(Timestamp.from(clock.instant()), webhookId, workspaceId)
            .update()
        > 0;
  }

  /** The workspace's webhooks, without their secrets. */
  public List<Webhook> list(long workspaceId) {
    return jdbc.sql(
            "select id, url, events, created_at from webhooks where workspace_id = ?"
                + " and deleted_at is null order by id")
        .param(workspaceId)
        .query(
            (rs, row) ->
                new Webhook(
                    rs.getLong(1),
                    rs.getString(2),
                    events(rs.getString(3)),
                    rs.getTimestamp(4).toInstant()))
        .list();
  }

  /** The live webhooks of the workspace that want the event. */
  List<Webhook> subscribed(long workspaceId, WebhookEvent event) {
    return list(workspaceId).stream().filter(w -> w.events().contains(event)).toList();
  }

  /** The decrypted signing secret (for signing only). */
  String secret(long webhookId) {
    return cipher.decrypt(
        jdbc.sql("select secret_encrypted from webhooks where id = ?")
            .param(webhookId)
            .query(String.class)
            .single());
  }

  /**
   * The URL, if Parley may post to it. Checked on save and again before each delivery, since a name
   * can come to resolve elsewhere. Loopback stays allowed (a receiver on the same machine).
   */
  static URI checkedUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("Enter the URL to send to.");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("That is not a valid URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("Only http:// and https:// URLs can receive webhooks.");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("The URL needs a host name.");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("Put no user name or password into the URL.");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("The host " + uri.getHost() + " cannot be found.");
    }
    if (Arrays.stream(addresses).anyMatch(Webhooks::forbidden)) {
      throw new IllegalArgumentException(
          "Webhooks cannot be sent to link-local or cloud metadata addresses (such as"
              + " 169.254.169.254).");
    }
    return uri;
  }

  /** Link-local (169.254/16 and fe80::/10, where cloud metadata lives), wildcard, multicast. */
  private static boolean forbidden(InetAddress a) {
    return a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()
        // AWS's IPv6 metadata endpoint is a unique-local address, not a link-local one
        || a.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
  }

  private static Set<WebhookEvent> events(String names) {
    Set<WebhookEvent> set = EnumSet.noneOf(WebhookEvent.class);
    for (String n : names.split(",")) {
      WebhookEvent.byWireName(n.strip()).ifPresent(set::add);
    }
    return set;
  }

  /** A configured webhook; the secret is not part of it. */
  public record Webhook(long id, String url, Set<WebhookEvent> events, Instant createdAt) {}
}
