package io.parley.channels;

import io.parley.shared.Network;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Adds or reconnects a brand account from the settings page: checks the credentials with the
 * network's {@link AccountSetup} and stores the account (secrets encrypted) only when the check
 * passes. Reconnecting the same handle updates its server and secrets and switches it back on.
 */
@Service
public class ChannelConnections {

  private final Map<Network, AccountSetup> setups = new EnumMap<>(Network.class);
  private final ChannelAccounts accounts;

  ChannelConnections(List<AccountSetup> setups, ChannelAccounts accounts) {
    setups.forEach(s -> this.setups.put(s.network(), s));
    this.accounts = accounts;
  }

  /** The networks that can be connected from the settings page, with their forms. */
  public List<AccountSetup.Form> forms() {
    return setups.values().stream()
        .map(AccountSetup::form)
        .sorted(Comparator.comparing(AccountSetup.Form::network))
        .toList();
  }

  public Optional<AccountSetup.Form> form(Network network) {
    return Optional.ofNullable(setups.get(network)).map(AccountSetup::form);
  }

  /** Whether the network's accounts can be connected by signing in on the server. */
  public boolean signsInOnServer(Network network) {
    return network != null && setups.containsKey(network) && setups.get(network).signsInOnServer();
  }

  /** Starts signing in on the server; the answer must stay server-side (it holds secrets). */
  public AccountSetup.Authorization authorize(
      Network network, String serverUrl, String redirectUri) {
    AccountSetup setup = setups.get(network);
    String server =
        serverUrl == null || serverUrl.isBlank() ? setup.form().serverDefault() : serverUrl.trim();
    return setup.authorize(server, redirectUri);
  }

  /** Finishes signing in with the server's code and stores the account when it checks out. */
  public Outcome complete(long workspaceId, AccountSetup.Authorization started, String code) {
    AccountSetup setup = setups.get(started.network());
    return store(workspaceId, started.network(), setup.complete(started, code));
  }

  /** Checks and, when that passes, stores the account. */
  public Outcome connect(
      long workspaceId, Network network, String serverUrl, String identifier, String secret) {
    AccountSetup setup = network == null ? null : setups.get(network);
    if (setup == null) {
      return new Outcome(false, "This network cannot be connected here yet.", null);
    }
    String server =
        serverUrl == null || serverUrl.isBlank() ? setup.form().serverDefault() : serverUrl.trim();
    AccountSetup.Checked checked =
        setup.check(
            server,
            identifier == null ? "" : identifier.trim(),
            secret == null ? "" : secret.trim());
    return store(workspaceId, network, checked);
  }

  private Outcome store(long workspaceId, Network network, AccountSetup.Checked checked) {
    if (!checked.check().ok()) {
      return new Outcome(false, checked.check().reason(), null);
    }
    Optional<ChannelAccount> existing = accounts.find(workspaceId, network, checked.handle());
    ChannelAccount account;
    if (existing.isPresent()) {
      accounts.updateEndpoint(existing.get().id(), checked.baseUrl(), checked.secrets());
      accounts.setEnabled(existing.get().id(), true);
      account = accounts.byId(existing.get().id()).orElseThrow();
    } else {
      account =
          accounts.add(
              workspaceId,
              network,
              checked.handle(),
              checked.displayName(),
              checked.externalId(),
              checked.baseUrl(),
              checked.secrets());
    }
    return new Outcome(true, checked.check().reason(), account);
  }

  /** The result for the person who pressed "Connect". */
  public record Outcome(boolean ok, String reason, ChannelAccount account) {}
}
