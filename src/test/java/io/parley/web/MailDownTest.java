package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.conversations.Conversation;
import io.parley.mail.NotificationMail;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A configured mail server that does not answer: the invitation is still made and the admin gets
 * the link and the error; a mention is still noted and its email waits for a retry.
 */
class MailDownTest extends WebTestSupport {

  @DynamicPropertySource
  static void deadMailServer(DynamicPropertyRegistry registry) throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // free now, and nobody listens once closed
    }
    int closed = port;
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> closed);
  }

  @Autowired NotificationMail notificationMail;
  @Autowired JdbcClient jdbc;

  @Test
  void theInvitationIsMadeAndTheAdminSeesTheLinkAndTheError() throws Exception {
    Team team = team();
    SignedIn admin = person(team, "Ann Admin", Role.ADMIN);
    String email = "quinn-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    var result =
        mvc.perform(
                post("/admin/people/invite")
                    .param("email", email)
                    .param("role", "AGENT")
                    .with(user(admin))
                    .with(csrf()))
            .andExpect(redirectedUrl("/admin/people"))
            .andReturn();
    String link = (String) result.getFlashMap().get("inviteLink");
    assertThat(link).contains("/invite/");
    assertThat((String) result.getFlashMap().get("mailError")).isNotBlank();
    assertThat((java.util.Map<String, Object>) result.getFlashMap())
        .doesNotContainKey("invitationEmailed");

    String shown =
        mvc.perform(get("/admin/people").with(user(admin)).flashAttrs(result.getFlashMap()))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(shown)
        .contains("the email could not be sent")
        .contains("id=\"mail-error\"")
        .contains(link)
        .contains("Resend the invitation to " + email);
    // Nothing lost: the link works.
    mvc.perform(get(link.substring(link.indexOf("/invite/")))).andExpect(status().isOk());
  }

  @Test
  void aMentionIsNotedAndItsEmailWaitsForARetry() throws Exception {
    Team team = team();
    SignedIn ben = person(team, "Ben Baker", Role.AGENT);
    joinTeamOf(team, users.byId(ben.userId()).orElseThrow());
    Conversation c = conversation(team, "Carla Customer", "Parcel lost " + UUID.randomUUID());

    mvc.perform(
            post("/conversations/" + c.id() + "/notes")
                .param("text", "@Ada please look")
                .with(user(ben))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    long notification =
        jdbc.sql("select id from notifications where user_id = ?")
            .param(team.user().id())
            .query(Long.class)
            .single();

    assertThat(notificationMail.deliverDue()).isEqualTo(1);
    var row =
        jdbc.sql(
                "select state, attempts, last_error, next_attempt_at > created_at"
                    + " from notification_emails where notification_id = ?")
            .param(notification)
            .query(
                (rs, n) ->
                    new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4)})
            .single();
    assertThat(row[0]).isEqualTo("PENDING");
    assertThat(row[1]).isEqualTo(1);
    assertThat((String) row[2]).isNotBlank();
    assertThat(row[3]).as("the retry waits").isEqualTo(true);
    assertThat(notificationMail.deliverDue()).as("not due yet").isZero();
  }
}
