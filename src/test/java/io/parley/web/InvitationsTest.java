package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Role;
import io.parley.accounts.User;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Inviting people, accepting the one-time link, the admin pages and the audit log. */
class InvitationsTest extends WebTestSupport {

  @Autowired AuditLog audit;

  @Test
  void anAdminInvitesAndTheLinkSetsAPasswordOnce() throws Exception {
    Team team = team();
    SignedIn admin = admin(team);
    long support = supportTeam(team);
    String email = "new-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";

    var result =
        mvc.perform(
                post("/admin/people/invite")
                    .param("email", email)
                    .param("name", "Nia New")
                    .param("role", "AGENT")
                    .param("teams", String.valueOf(support))
                    .with(user(admin))
                    .with(csrf()))
            .andExpect(redirectedUrl("/admin/people"))
            .andReturn();
    String link = (String) result.getFlashMap().get("inviteLink");
    assertThat(link).contains("/invite/");
    String path = link.substring(link.indexOf("/invite/"));
    // The stored invitation holds a hash, never the token.
    String token = path.substring("/invite/".length());
    assertThat(
            jdbc()
                .sql("select count(*) from invitations where token_hash = ?")
                .param(token)
                .query(Integer.class)
                .single())
        .isZero();

    String page =
        mvc.perform(get(path))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains(email, "agent");

    // Rules of any new password; nothing is created on refusal.
    mvc.perform(post(path).param("password", "short").param("repeat", "short").with(csrf()))
        .andExpect(status().isUnprocessableContent());
    mvc.perform(
            post(path)
                .param("password", "a long enough one")
                .param("repeat", "another long one")
                .with(csrf()))
        .andExpect(status().isUnprocessableContent());
    assertThat(users.byEmail(email)).isEmpty();

    mvc.perform(
            post(path)
                .param("password", "lanterns on the ridge")
                .param("repeat", "lanterns on the ridge")
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(
            r -> assertThat(r.getResponse().getRedirectedUrl()).startsWith("/login?welcome"));
    User created = users.byEmail(email).orElseThrow();
    assertThat(created.role()).isEqualTo(Role.AGENT);
    assertThat(created.displayName()).isEqualTo("Nia New");
    assertThat(teams.teamsOf(created.id())).containsExactly(support);
    signIn(email, "lanterns on the ridge").andExpect(redirectedUrl("/inbox"));

    // Used once: the link is gone, and says so without creating anything.
    mvc.perform(get(path)).andExpect(status().isGone());
    mvc.perform(
            post(path)
                .param("password", "lanterns on the ridge")
                .param("repeat", "lanterns on the ridge")
                .with(csrf()))
        .andExpect(status().isGone());

    String log =
        mvc.perform(get("/admin/audit").with(user(admin)))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(log).contains("person.invited", "person.joined", email);
  }

  @Test
  void onlyAdminsInviteAndRevokedOrUnknownLinksDoNotWork() throws Exception {
    Team team = team();
    mvc.perform(
            post("/admin/people/invite")
                .param("email", "x@example.test")
                .param("role", "ADMIN")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isForbidden());
    SignedIn admin = admin(team);
    var result =
        mvc.perform(
                post("/admin/people/invite")
                    .param("email", "revoked-" + UUID.randomUUID() + "@example.test")
                    .param("role", "VIEWER")
                    .with(user(admin))
                    .with(csrf()))
            .andReturn();
    String link = (String) result.getFlashMap().get("inviteLink");
    String path = link.substring(link.indexOf("/invite/"));
    long id =
        jdbc()
            .sql("select max(id) from invitations where workspace_id = ?")
            .param(team.workspace().id())
            .query(Long.class)
            .single();
    mvc.perform(post("/admin/invitations/{id}/revoke", id).with(user(admin)).with(csrf()))
        .andExpect(redirectedUrl("/admin/people"));
    mvc.perform(get(path)).andExpect(status().isGone());
    mvc.perform(get("/invite/not-a-token")).andExpect(status().isGone());
    // An address that already has an account is refused with a reason.
    var again =
        mvc.perform(
                post("/admin/people/invite")
                    .param("email", team.user().email())
                    .param("role", "AGENT")
                    .with(user(admin))
                    .with(csrf()))
            .andReturn();
    assertThat((String) again.getFlashMap().get("problem")).contains("already has an account");
  }

  @Test
  void adminsChangeRolesButNeverRemoveTheLastAdmin() throws Exception {
    Team team = team();
    User adminUser =
        users.create(
            team.workspace().id(),
            "solo-" + UUID.randomUUID() + "@example.test",
            "Solo Admin",
            passwords.encode(PASSWORD),
            Role.ADMIN);
    SignedIn admin = SignedIn.of(adminUser).withoutPassword();
    mvc.perform(
            post("/admin/people/{id}/role", team.user().id())
                .param("role", "MANAGER")
                .with(user(admin))
                .with(csrf()))
        .andExpect(redirectedUrl("/admin/people"));
    assertThat(users.byId(team.user().id()).orElseThrow().role()).isEqualTo(Role.MANAGER);
    var refused =
        mvc.perform(
                post("/admin/people/{id}/role", adminUser.id())
                    .param("role", "AGENT")
                    .with(user(admin))
                    .with(csrf()))
            .andReturn();
    assertThat((String) refused.getFlashMap().get("problem")).contains("at least one");
    assertThat(users.byId(adminUser.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    assertThat(audit.recent(team.workspace().id(), 10))
        .anyMatch(e -> e.action().equals("person.role") && e.detail().contains("Manager"));
  }

  @Test
  void teamPagesSetMembersAndChannelAccounts() throws Exception {
    Team team = team();
    SignedIn admin = admin(team);
    mvc.perform(post("/admin/teams").param("name", "Billing").with(user(admin)).with(csrf()))
        .andExpect(redirectedUrl("/admin/teams"));
    long billing =
        teams.inWorkspace(team.workspace().id()).stream()
            .filter(t -> t.name().equals("Billing"))
            .findFirst()
            .orElseThrow()
            .id();
    mvc.perform(
            post("/admin/teams/{id}", billing)
                .param("members", String.valueOf(team.user().id()))
                .param("channels", String.valueOf(team.account().id()))
                .with(user(admin))
                .with(csrf()))
        .andExpect(redirectedUrl("/admin/teams"));
    assertThat(teams.teamsOf(team.user().id())).contains(billing);
    assertThat(teams.channelAccounts(team.workspace().id()).get(billing))
        .containsExactly(team.account().id());
    // Another workspace's team cannot be touched.
    Team other = team();
    mvc.perform(
            post("/admin/teams/{id}", billing)
                .param("members", String.valueOf(other.user().id()))
                .with(user(admin(other)))
                .with(csrf()))
        .andExpect(status().isNotFound());
    String html =
        mvc.perform(get("/admin/teams").with(user(admin)))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(html).contains("Billing", "Save team");
  }

  @Test
  void withoutAMailServerThePageSaysSoAndANewLinkReplacesTheOldOne() throws Exception {
    Team team = team();
    SignedIn admin = admin(team);
    String email = "relink-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    var first =
        mvc.perform(
                post("/admin/people/invite")
                    .param("email", email)
                    .param("role", "AGENT")
                    .with(user(admin))
                    .with(csrf()))
            .andReturn();
    String old = (String) first.getFlashMap().get("inviteLink");
    String page =
        mvc.perform(get("/admin/people").with(user(admin)).flashAttrs(first.getFlashMap()))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("Mail is not")
        .contains("No mail server is configured")
        .contains(old)
        .contains("New link for " + email);
    long id =
        jdbc()
            .sql("select id from invitations where email = ?")
            .param(email)
            .query(Long.class)
            .single();
    var renewed =
        mvc.perform(post("/admin/invitations/{id}/resend", id).with(user(admin)).with(csrf()))
            .andExpect(redirectedUrl("/admin/people"))
            .andReturn();
    String link = (String) renewed.getFlashMap().get("inviteLink");
    assertThat(link).contains("/invite/").isNotEqualTo(old);
    mvc.perform(get(old.substring(old.indexOf("/invite/")))).andExpect(status().isGone());
    mvc.perform(get(link.substring(link.indexOf("/invite/")))).andExpect(status().isOk());
  }

  private org.springframework.jdbc.core.simple.JdbcClient jdbc() {
    return jdbcClient;
  }

  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbcClient;

  private long supportTeam(Team team) {
    return teams.inWorkspace(team.workspace().id()).stream()
        .filter(t -> t.name().equals("Support"))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private SignedIn admin(Team team) {
    User u =
        users.create(
            team.workspace().id(),
            "admin-" + UUID.randomUUID() + "@example.test",
            "Ann Admin",
            passwords.encode(PASSWORD),
            Role.ADMIN);
    return SignedIn.of(u).withoutPassword();
  }
}
