package io.parley.testing;

import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Test data: every test gets its own workspace, so tests sharing a context never see each other.
 */
@Component
public class Fixtures {

  private final Workspaces workspaces;
  private final ChannelAccounts accounts;

  Fixtures(Workspaces workspaces, ChannelAccounts accounts) {
    this.workspaces = workspaces;
    this.accounts = accounts;
  }

  public Workspace workspace() {
    String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
    return workspaces.create(slug, "Test " + slug);
  }

  public ChannelAccount channel(Workspace workspace, Network network) {
    return accounts.add(
        workspace.id(), network, "brand", "The Brand", "brand-id", "http://127.0.0.1:1", Map.of());
  }

  public static InboundItem item(String id, String parent, String text, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        parent == null ? InboundItem.Kind.MENTION : InboundItem.Kind.REPLY,
        parent,
        null,
        new InboundItem.Author("u-" + id.hashCode() % 7, "user" + id.hashCode() % 7, null, 10),
        false,
        text,
        null,
        at,
        null,
        "{}");
  }
}
