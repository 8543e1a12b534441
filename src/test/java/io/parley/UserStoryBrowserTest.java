package io.parley;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.sandbox.SandboxApi;
import io.parley.sandbox.SandboxNetwork;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The foundation's user story, end to end, as a person does it: the app runs with its built-in
 * sandbox network and real background workers; a customer posts on the sandbox; the agent signs in
 * with the first-run login, sees the conversation arrive without reloading, replies, and sees the
 * reply delivered — and the sandbox network's own record has that reply exactly once, in the right
 * thread. When the customer answers, the answer lands in the same conversation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@TestPropertySource(
    properties = {
      "parley.sandbox.enabled=true",
      "parley.sandbox.port=0",
      "parley.sandbox.rate=0",
      "parley.sandbox.seed=11",
      "parley.sandbox.answer-back-rate=0",
      "parley.workers.enabled=true",
      "parley.polling.interval=300ms",
      "parley.outbox.interval=200ms"
    })
class UserStoryBrowserTest {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired SandboxNetwork sandbox;

  Browser browser;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void customerPostsAgentRepliesReplyLandsOnTheNetworkOnce() {
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    var network = new SandboxApi(sandbox.url());
    String marker = UUID.randomUUID().toString().substring(0, 8);

    browser = Browser.open("http://localhost:" + port);
    browser.go("/inbox");
    browser.find("#email").sendKeys(login.email());
    browser.find("#password").sendKeys(login.password());
    browser.find("button[type=submit]").click();
    browser.waitForText(".list-header h1", "Open", 15);

    String customerPost =
        network.customerPost(
            "hikerhanna",
            "@northwind my new Ridgeline tent leaks at the seams 😞 what can I do? #" + marker,
            null,
            false);

    browser.waitForText(".conv", marker, 30).click();
    browser.waitForText(".thread-header h2", "", 15);
    assertThat(browser.find("#thread-messages").getText()).contains("leaks at the seams");

    String replyText = "So sorry! Send us a photo and we'll ship a new fly sheet. ref " + marker;
    var box = browser.find(".reply-form textarea");
    box.sendKeys(replyText);
    box.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    browser.waitForText(".msg-out", "new fly sheet", 15);
    browser.waitForText(".msg-out .delivery-sent", "Sent", 30);

    List<JsonNode> brandPosts = brandPostsContaining(network, "ref " + marker);
    assertThat(brandPosts).as("the reply exists once on the network").hasSize(1);
    JsonNode reply = brandPosts.getFirst();
    assertThat(reply.path("text").asString()).isEqualTo(replyText);
    assertThat(reply.path("inReplyTo").asString()).isEqualTo(customerPost);

    network.customerPost(
        "hikerhanna", "Thanks, photo sent by DM! #" + marker, reply.path("id").asString(), false);
    browser.waitForText("#thread-messages", "photo sent by DM", 30);
    assertThat(browser.findAll("#thread-messages .msg-in")).hasSize(2);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private static List<JsonNode> brandPostsContaining(SandboxApi network, String text) {
    JsonNode posts = network.get("/api/v1/accounts/northwind/posts", null).json().path("posts");
    return StreamSupport.stream(posts.spliterator(), false)
        .filter(p -> p.path("text").asString().contains(text))
        .toList();
  }
}
