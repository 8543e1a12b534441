package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.conversations.Conversation;
import io.parley.notifications.WebhookDeliveries;
import io.parley.notifications.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Notifications in the app (a colleague's @mention in a note, an assignment by someone else, the
 * bell, marking read) and the admins' webhooks page (refused URLs, write-only secret, a signed
 * delivery to a local receiver, the delivery log).
 */
class NotificationsWebTest extends WebTestSupport {

  @Autowired WebhookDeliveries deliveries;

  @Test
  void aColleagueMentionedInANoteSeesAnUnreadNotificationLinkingToTheConversation()
      throws Exception {
    Team team = team();
    SignedIn ben = person(team, "Ben Baker", Role.AGENT);
    joinTeamOf(team, users.byId(ben.userId()).orElseThrow());
    Team elsewhere = team(); // another workspace's "Ada Agent"
    Conversation c = conversation(team, "Carla Customer", "Parcel lost " + UUID.randomUUID());

    mvc.perform(
            post("/conversations/" + c.id() + "/notes")
                .param("text", "@Ada <b>please</b> check the tracking, @Ben knows")
                .with(user(ben))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());

    String inbox = page("/inbox", team.me());
    assertThat(inbox).containsPattern("id=\"notification-count\"[^>]*>1<");
    String list = page("/notifications", team.me());
    assertThat(list)
        .contains("Ben Baker mentioned you in a note")
        .contains("&lt;b&gt;please&lt;/b&gt;")
        .doesNotContain("<b>please</b>")
        .contains("is-unread");
    assertThat(page("/inbox", ben)).as("the author").doesNotContain("id=\"notification-count\"");
    assertThat(page("/notifications", elsewhere.me())).contains("Nothing yet");

    long id = firstNotificationId(list);
    mvc.perform(post("/notifications/" + id + "/open").with(user(team.me())).with(csrf()))
        .andExpect(redirectedUrl("/conversations/" + c.id()));
    assertThat(page("/inbox", team.me())).doesNotContain("id=\"notification-count\"");
    // Someone else's notification does not open for you.
    mvc.perform(post("/notifications/" + id + "/open").with(user(ben)).with(csrf()))
        .andExpect(redirectedUrl("/notifications"));
  }

  @Test
  void anAssignmentBySomeoneElseNotifiesAndMarkAllReadClearsTheBell() throws Exception {
    Team team = team();
    SignedIn mia = person(team, "Mia Manager", Role.MANAGER);
    Conversation c = conversation(team, "Dora Dissatisfied", "Still waiting " + UUID.randomUUID());

    mvc.perform(
            post("/conversations/" + c.id() + "/assignee")
                .param("to", Long.toString(team.user().id()))
                .with(user(mia))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    mvc.perform(
            post("/conversations/" + c.id() + "/assignee")
                .param("to", "me")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());

    assertThat(page("/notifications", team.me()))
        .contains("Mia Manager assigned you a conversation")
        .containsOnlyOnce("assigned you")
        .contains("1 unread");
    assertThat(page("/notifications/bell", team.me())).contains(">1<");
    mvc.perform(post("/notifications/read").with(user(team.me())).with(csrf()))
        .andExpect(redirectedUrl("/notifications"));
    assertThat(page("/notifications", team.me()))
        .contains("All read")
        .doesNotContain("Mark all read");
    mvc.perform(post("/notifications/read").with(user(team.me())))
        .andExpect(status().isForbidden());
  }

  @Test
  void onlyAdminsConfigureWebhooksAndMetadataAddressesAreRefused() throws Exception {
    Team team = team();
    mvc.perform(get("/settings/webhooks").with(user(team.me()))).andExpect(status().isForbidden());
    mvc.perform(get("/settings/webhooks").with(user(person(team, "Mia Manager", Role.MANAGER))))
        .andExpect(status().isForbidden());
    SignedIn admin = person(team, "Alma Admin", Role.ADMIN);
    mvc.perform(
            post("/settings/webhooks")
                .param("url", "http://169.254.169.254/latest/meta-data/")
                .param("secret", "a-long-enough-secret")
                .param("event", "conversation.created")
                .with(user(admin))
                .with(csrf()))
        .andExpect(
            flash()
                .attribute(
                    "problem",
                    "Webhooks cannot be sent to link-local or cloud metadata addresses (such as"
                        + " 169.254.169.254)."));
    assertThat(page("/settings/webhooks", admin)).contains("No webhook yet");
  }

  @Test
  void aNewConversationIsPostedSignedToTheWebhookAndLogged() throws Exception {
    Team team = team();
    SignedIn admin = person(team, "Alma Admin", Role.ADMIN);
    String secret = "receiver-secret-" + UUID.randomUUID();
    try (var receiver = new WebhookReceiver(200)) {
      mvc.perform(
              post("/settings/webhooks")
                  .param("url", receiver.url())
                  .param("secret", secret)
                  .param("event", "conversation.created")
                  .with(user(admin))
                  .with(csrf()))
          .andExpect(redirectedUrl("/settings/webhooks"));
      String settings = page("/settings/webhooks", admin);
      assertThat(settings).contains(receiver.url()).doesNotContain(secret);

      Conversation c = conversation(team, "Eve Early", "First contact " + UUID.randomUUID());
      deliveries.deliverDue();

      assertThat(receiver.received()).hasSize(1);
      var r = receiver.received().getFirst();
      assertThat(r.header("X-Parley-Event")).isEqualTo("conversation.created");
      assertThat(r.header("X-Parley-Delivery")).isNotBlank();
      assertThat(r.body())
          .contains("\"event\":\"conversation.created\"")
          .contains("\"conversationId\":" + c.id())
          .doesNotContain("First contact");
      assertThat(r.header("X-Parley-Signature"))
          .isEqualTo("sha256=" + hmac(secret, r.header("X-Parley-Timestamp") + "." + r.body()));
      assertThat(page("/settings/webhooks", admin))
          .contains("Delivered")
          .contains(r.header("X-Parley-Delivery"));
    }
  }

  private static long firstNotificationId(String html) {
    var m = java.util.regex.Pattern.compile("data-notification-id=\"(\\d+)\"").matcher(html);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String hmac(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  private String page(String path, SignedIn me) throws Exception {
    return mvc.perform(get(path).with(user(me)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
