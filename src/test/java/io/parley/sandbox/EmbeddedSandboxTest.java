package io.parley.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connectors;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.ingestion.ConnectorPoller;
import io.parley.shared.Network;
import io.parley.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * With the sandbox enabled, the serving app (a web application context) runs one in-process and
 * connects the demo workspace to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@TestPropertySource(
    properties = {
      "parley.sandbox.enabled=true",
      "parley.sandbox.port=0",
      "parley.sandbox.rate=0",
      "parley.sandbox.seed=7"
    })
class EmbeddedSandboxTest {

  @Autowired SandboxNetwork sandbox;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Connectors connectors;
  @Autowired ConnectorPoller poller;
  @Autowired Conversations conversations;

  @Value("${parley.home}")
  Path home;

  @Test
  void theDemoWorkspaceReadsTheEmbeddedSandbox() {
    long demo = firstRun.ensureWorkspace().id();
    ChannelAccount account = accounts.find(demo, Network.SANDBOX, "northwind").orElseThrow();
    assertThat(account.baseUrl()).isEqualTo(sandbox.url().toString());
    assertThat(account.enabled()).isTrue();
    var connector = connectors.forNetwork(Network.SANDBOX);
    assertThat(connector.verify(accounts.connect(account)).ok()).isTrue();
    assertThat(Files.exists(home.resolve("sandbox").resolve("northwind.token"))).isTrue();

    sandbox.generate(30);
    assertThat(poller.poll(account, connector)).isPositive();
    assertThat(
            conversations.list(
                new InboxFilter(demo, null, null, InboxFilter.Assignment.ALL, 0, null, 100)))
        .isNotEmpty();
  }
}
