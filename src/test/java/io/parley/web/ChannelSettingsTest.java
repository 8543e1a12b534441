package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.channels.ChannelAccounts;
import io.parley.shared.Network;
import io.parley.testing.Peers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The channels settings page against the real local peers: saving runs the connection test, a
 * failure shows the network's reason and stores nothing, and the secret never comes back in the
 * page.
 */
class ChannelSettingsTest extends WebTestSupport {

  @Autowired ChannelAccounts accounts;

  @Test
  void aMastodonAccountIsConnectedOnlyAfterItsTokenWorks() throws Exception {
    var env = Peers.mastodon();
    Team team = team();
    var manager = manager(team);
    String token = env.get("MASTODON_BRAND_TOKEN");

    MockHttpServletResponse refused =
        mvc.perform(
                post("/settings/channels")
                    .with(user(manager))
                    .with(csrf())
                    .param("network", "MASTODON")
                    .param("server", env.get("MASTODON_BASE_URL"))
                    .param("secret", "0123456789abcdef0123456789abcdef"))
            .andExpect(status().isUnprocessableContent())
            .andReturn()
            .getResponse();
    assertThat(refused.getContentAsString())
        .contains("rejected the access token")
        .doesNotContain("0123456789abcdef0123456789abcdef");
    assertThat(accounts.find(team.workspace().id(), Network.MASTODON, "brand")).isEmpty();

    mvc.perform(
            post("/settings/channels")
                .with(user(manager))
                .with(csrf())
                .param("network", "MASTODON")
                .param("server", env.get("MASTODON_BASE_URL"))
                .param("secret", token))
        .andExpect(redirectedUrl("/settings/channels"));
    var stored = accounts.find(team.workspace().id(), Network.MASTODON, "brand").orElseThrow();
    assertThat(stored.externalId()).isEqualTo(env.get("MASTODON_BRAND_ACCOUNT_ID"));
    assertThat(accounts.connect(stored).secret("access_token")).isEqualTo(token);

    String page =
        mvc.perform(get("/settings/channels").with(user(manager)))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("@brand").contains("Mastodon").doesNotContain(token);
  }

  @Test
  void aBlueskyAccountIsConnectedWithHandleAndAppPassword() throws Exception {
    var env = Peers.bluesky();
    Team team = team();
    var manager = manager(team);

    String refused =
        mvc.perform(
                post("/settings/channels")
                    .with(user(manager))
                    .with(csrf())
                    .param("network", "BLUESKY")
                    .param("server", env.get("BSKY_PDS_URL"))
                    .param("identifier", "brand.test")
                    .param("secret", "not-the-password"))
            .andExpect(status().isUnprocessableContent())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(refused)
        .contains("rejected the handle or app password")
        .contains("value=\"brand.test\"")
        .doesNotContain("not-the-password");

    mvc.perform(
            post("/settings/channels")
                .with(user(manager))
                .with(csrf())
                .param("network", "BLUESKY")
                .param("server", env.get("BSKY_PDS_URL"))
                .param("identifier", "@brand.test")
                .param("secret", env.get("BSKY_BRAND_PASSWORD")))
        .andExpect(redirectedUrl("/settings/channels"));
    var stored = accounts.find(team.workspace().id(), Network.BLUESKY, "brand.test").orElseThrow();
    assertThat(stored.externalId()).isEqualTo(env.get("BSKY_BRAND_DID"));
  }

  @Test
  void aMastodonAccountIsConnectedBySigningInOnTheServerWithPkce() throws Exception {
    var env = Peers.mastodon();
    Team team = team();
    var manager = manager(team);
    var session = new org.springframework.mock.web.MockHttpSession();

    String page =
        mvc.perform(
                post("/settings/channels/sign-in")
                    .session(session)
                    .with(user(manager))
                    .with(csrf())
                    .param("network", "MASTODON")
                    .param("server", env.get("MASTODON_BASE_URL")))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    var link =
        java.util.regex.Pattern.compile("id=\"sign-in-continue\"[\\s\\S]*?href=\"([^\"]+)\"")
            .matcher(page);
    assertThat(link.find()).as(page).isTrue();
    String browserUrl = org.springframework.web.util.HtmlUtils.htmlUnescape(link.group(1));
    var query =
        org.springframework.web.util.UriComponentsBuilder.fromUriString(browserUrl)
            .build(true)
            .getQueryParams();
    assertThat(browserUrl).startsWith(env.get("MASTODON_BASE_URL") + "/oauth/authorize?");
    assertThat(decoded(query, "code_challenge_method")).isEqualTo("S256");
    assertThat(decoded(query, "code_challenge")).hasSize(43);
    assertThat(decoded(query, "redirect_uri"))
        .isEqualTo("http://localhost/settings/channels/callback");

    // the person signs in on the server (snac's login form), which sends the browser back
    var login =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(env.get("MASTODON_BASE_URL") + "/oauth/x-snac-login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "login=brand&passwd="
                                + env.get("MASTODON_BRAND_PASSWORD")
                                + "&redir="
                                + java.net.URLEncoder.encode(
                                    decoded(query, "redirect_uri"),
                                    java.nio.charset.StandardCharsets.UTF_8)
                                + "&cid="
                                + decoded(query, "client_id")
                                + "&state="
                                + decoded(query, "state")))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    String back = login.headers().firstValue("location").orElseThrow();
    var answer =
        org.springframework.web.util.UriComponentsBuilder.fromUriString(back)
            .build()
            .getQueryParams();

    // a forged state is refused and the sign-in has to start again
    var forged = new org.springframework.mock.web.MockHttpSession();
    mvc.perform(
            get("/settings/channels/callback")
                .session(forged)
                .with(user(manager))
                .param("code", decoded(answer, "code"))
                .param("state", "forged"))
        .andExpect(status().isUnprocessableContent());

    mvc.perform(
            get("/settings/channels/callback")
                .session(session)
                .with(user(manager))
                .param("code", decoded(answer, "code"))
                .param("state", decoded(answer, "state")))
        .andExpect(redirectedUrl("/settings/channels"));
    var stored = accounts.find(team.workspace().id(), Network.MASTODON, "brand").orElseThrow();
    assertThat(stored.externalId()).isEqualTo(env.get("MASTODON_BRAND_ACCOUNT_ID"));
    assertThat(accounts.connect(stored).secret("access_token")).isNotBlank();
  }

  @Test
  void agentsCannotConnectAccounts() throws Exception {
    Team team = team();
    mvc.perform(get("/settings/channels").with(user(team.me()))).andExpect(status().isForbidden());
    mvc.perform(
            post("/settings/channels")
                .with(user(team.me()))
                .with(csrf())
                .param("network", "MASTODON")
                .param("secret", "x"))
        .andExpect(status().isForbidden());
  }

  private static String decoded(
      org.springframework.util.MultiValueMap<String, String> query, String name) {
    String value = query.getFirst(name);
    return value == null
        ? null
        : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private SignedIn manager(Team team) {
    var me = team.me();
    return new SignedIn(
        me.userId(), me.workspaceId(), me.email(), me.displayName(), Role.MANAGER, true, null);
  }
}
