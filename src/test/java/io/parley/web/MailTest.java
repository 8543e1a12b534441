package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.parley.accounts.Role;
import io.parley.conversations.Conversation;
import io.parley.mail.NotificationMail;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Email against a real SMTP server (GreenMail on a free port): invitations arrive with a working
 * one-time link, mentions reach the people who opted in (once), and names or texts with markup or
 * line breaks neither inject HTML nor headers.
 */
class MailTest extends WebTestSupport {

  static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  static {
    smtp.start();
  }

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    registry.add("parley.mail.from", () -> "parley@northwind.test");
    registry.add("parley.base-url", () -> "https://parley.northwind.test/");
  }

  @AfterAll
  static void stopServer() {
    smtp.stop();
  }

  @Autowired NotificationMail notificationMail;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void emptyMailboxes() throws Exception {
    notificationMail.deliverDue(); // leftovers of an earlier test
    smtp.purgeEmailFromAllMailboxes();
  }

  @Test
  void anInvitationIsEmailedAndItsLinkLetsThePersonSetAPassword() throws Exception {
    Team team = team();
    SignedIn admin = person(team, "Ann Admin", Role.ADMIN);
    String email = "nia-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";

    assertThat(page("/admin/people", admin))
        .contains("Invitations are emailed")
        .contains("parley@northwind.test")
        .doesNotContain("Mail is not");
    var result =
        mvc.perform(
                post("/admin/people/invite")
                    .param("email", email)
                    .param("name", "Nia New")
                    .param("role", "AGENT")
                    .with(user(admin))
                    .with(csrf()))
            .andExpect(redirectedUrl("/admin/people"))
            .andReturn();
    assertThat((java.util.Map<String, Object>) result.getFlashMap())
        .containsEntry("invitationEmailed", true);
    assertThat((java.util.Map<String, Object>) result.getFlashMap())
        .doesNotContainKey("inviteLink");
    String shown =
        mvc.perform(get("/admin/people").with(user(admin)).flashAttrs(result.getFlashMap()))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(shown).contains("Invitation emailed to").contains(email);

    MimeMessage message = onlyMessage();
    assertThat(recipients(message)).containsExactly(email);
    assertThat(message.getSubject())
        .isEqualTo("Ann Admin invited you to " + workspace(team) + " on Parley");
    assertThat(((InternetAddress) message.getFrom()[0]).getAddress())
        .isEqualTo("parley@northwind.test");
    String text = part(message, "text/plain");
    String html = part(message, "text/html");
    assertThat(text).contains("Hello Nia New", "Ann Admin invited you", "as agent", "until");
    assertThat(html).contains("Ann Admin", "Accept the invitation");
    String link = link(text);
    assertThat(link).startsWith("https://parley.northwind.test/invite/");
    assertThat(html).contains(link);

    String path = link.substring(link.indexOf("/invite/"));
    assertThat(
            mvc.perform(get(path))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString())
        .contains(email);
    mvc.perform(
            post(path)
                .param("password", "lanterns on the ridge")
                .param("repeat", "lanterns on the ridge")
                .with(csrf()))
        .andExpect(status().isFound());
    assertThat(users.byEmail(email)).isPresent();
    signIn(email, "lanterns on the ridge").andExpect(redirectedUrl("/inbox"));
  }

  @Test
  void resendingEmailsANewLinkAndTheOldOneStopsWorking() throws Exception {
    Team team = team();
    SignedIn admin = person(team, "Ann Admin", Role.ADMIN);
    String email = "ola-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    mvc.perform(
            post("/admin/people/invite")
                .param("email", email)
                .param("role", "VIEWER")
                .with(user(admin))
                .with(csrf()))
        .andExpect(redirectedUrl("/admin/people"));
    String first = link(part(onlyMessage(), "text/plain"));
    smtp.purgeEmailFromAllMailboxes();
    long id =
        jdbc.sql("select id from invitations where email = ?")
            .param(email)
            .query(Long.class)
            .single();

    assertThat(page("/admin/people", admin)).contains("Resend the invitation to " + email);
    mvc.perform(post("/admin/invitations/{id}/resend", id).with(user(admin)).with(csrf()))
        .andExpect(redirectedUrl("/admin/people"));
    String second = link(part(onlyMessage(), "text/plain"));
    assertThat(second).isNotEqualTo(first);
    mvc.perform(get(first.substring(first.indexOf("/invite/")))).andExpect(status().isGone());
    mvc.perform(get(second.substring(second.indexOf("/invite/")))).andExpect(status().isOk());
  }

  @Test
  void hostileNamesNeitherInjectMarkupNorHeaders() throws Exception {
    Team team = team();
    SignedIn admin =
        person(team, "Eve <script>alert(1)</script>\r\nBcc: victim@example.test", Role.ADMIN);
    String email = "pat-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    mvc.perform(
            post("/admin/people/invite")
                .param("email", email)
                .param("name", "Pat <img src=x onerror=alert(2)>\r\nX-Injected: yes")
                .param("role", "AGENT")
                .with(user(admin))
                .with(csrf()))
        .andExpect(redirectedUrl("/admin/people"));

    MimeMessage message = onlyMessage();
    assertThat(recipients(message)).containsExactly(email);
    assertThat(message.getHeader("X-Injected")).isNull();
    assertThat(message.getHeader("Bcc")).isNull();
    assertThat(message.getSubject()).doesNotContain("\r", "\n").contains("<script>");
    String html = part(message, "text/html");
    assertThat(html)
        .doesNotContain("<script>", "<img")
        .contains("Eve &lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("Pat &lt;img src=x onerror=alert(2)&gt;");
    // An address that is really a list, or carries a line break, is refused before any SMTP.
    mvc.perform(
            post("/admin/people/invite")
                .param("email", "a@example.test\r\nBcc: b@example.test")
                .param("role", "AGENT")
                .with(user(admin))
                .with(csrf()))
        .andExpect(redirectedUrl("/admin/people"));
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aMentionEmailsTheColleagueWhoOptedInOnceAndNotTheOneWhoOptedOut() throws Exception {
    Team team = team(); // Ada Agent: never chose, so gets mentions by email
    SignedIn ben = person(team, "Ben Baker", Role.AGENT);
    SignedIn cleo = person(team, "Cleo <b>Clerk</b>", Role.AGENT);
    joinTeamOf(team, users.byId(ben.userId()).orElseThrow());
    Conversation c = conversation(team, "Carla Customer", "Parcel lost " + UUID.randomUUID());

    assertThat(page("/account", cleo)).contains("Email notifications").contains("checked");
    // Cleo unchecks mentions (an unchecked box is not posted at all).
    mvc.perform(
            post("/account/notifications")
                .param("assignments", "true")
                .with(user(cleo))
                .with(csrf()))
        .andExpect(redirectedUrl("/account#email-notifications"));

    mvc.perform(
            post("/conversations/" + c.id() + "/notes")
                .param(
                    "text", "@Ada @Cleo <script>x</script>\r\nBcc: all@example.test see tracking")
                .with(user(ben))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(smtp.getReceivedMessages()).as("nothing is sent inside the request").isEmpty();

    assertThat(notificationMail.deliverDue()).isEqualTo(1);
    assertThat(notificationMail.deliverDue()).as("nothing sent twice").isZero();
    MimeMessage message = onlyMessage();
    assertThat(recipients(message)).containsExactly(team.user().email());
    assertThat(message.getSubject()).isEqualTo("Ben Baker mentioned you in a note");
    assertThat(message.getHeader("Bcc")).isNull();
    String html = part(message, "text/html");
    assertThat(html)
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .doesNotContain("<script>")
        .contains("https://parley.northwind.test/conversations/" + c.id());
    assertThat(part(message, "text/plain"))
        .contains("> @Ada @Cleo <script>x</script>")
        .contains("https://parley.northwind.test/account#email-notifications");
    // Cleo still has the notification in the app.
    assertThat(page("/notifications", cleo)).contains("Ben Baker mentioned you in a note");
  }

  @Test
  void anAssignmentBySomeoneElseEmailsTheAssignee() throws Exception {
    Team team = team();
    SignedIn mia = person(team, "Mia Manager", Role.MANAGER);
    Conversation c = conversation(team, "Dora Dissatisfied", "Still waiting " + UUID.randomUUID());
    mvc.perform(
            post("/conversations/" + c.id() + "/assignee")
                .param("to", Long.toString(team.user().id()))
                .with(user(mia))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(notificationMail.deliverDue()).isEqualTo(1);
    MimeMessage message = onlyMessage();
    assertThat(recipients(message)).containsExactly(team.user().email());
    assertThat(message.getSubject()).isEqualTo("Mia Manager assigned you a conversation");
    assertThat(part(message, "text/plain")).contains("Still waiting");
  }

  private String page(String path, SignedIn me) throws Exception {
    return mvc.perform(get(path).with(user(me)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private String workspace(Team team) {
    return team.workspace().name();
  }

  private static MimeMessage onlyMessage() {
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private static List<String> recipients(MimeMessage m) throws Exception {
    return Arrays.stream(m.getAllRecipients())
        .map(a -> ((InternetAddress) a).getAddress())
        .toList();
  }

  private static String link(String text) {
    Matcher m = Pattern.compile("https?://\\S+/invite/[A-Za-z0-9_-]+").matcher(text);
    assertThat(m.find()).as("a link in " + text).isTrue();
    return m.group();
  }

  /** The content of the first part of this type, however deep in the multipart tree. */
  private static String part(Part p, String type) throws Exception {
    if (p.isMimeType(type)) {
      return (String) p.getContent();
    }
    if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        String found = part(mp.getBodyPart(i), type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
