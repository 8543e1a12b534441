package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.conversations.Conversation;
import io.parley.conversations.SavedReplies;
import io.parley.routing.RoutingRule;
import io.parley.routing.RoutingRules;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The routing rules form with everything a rule can do (hand to a team, assign, suggest a saved
 * reply, notify, match a contact tag or one channel account), and the suggested reply the reply box
 * then offers.
 */
class RoutingSettingsTest extends WebTestSupport {

  @Autowired RoutingRules rules;
  @Autowired SavedReplies savedReplies;

  @Test
  void aManagerWritesARuleWithEveryActionAndTheInboxOffersItsSuggestion() throws Exception {
    Team team = team();
    long ws = team.workspace().id();
    User mia = colleague(team, "Mia Manager", Role.MANAGER);
    long support = supportOf(team);
    long reply =
        savedReplies
            .create(
                ws, null, null, "Sizes <b>help</b>", "Hi {{contact.name}}, our size guide…", null)
            .id();

    mvc.perform(
            rule(mia, "Size questions")
                .param("keywords", "size")
                .param("channelAccount", "" + team.account().id())
                .param("contactTag", "VIP")
                .param("team", "" + support)
                .param("assignee", "" + team.user().id())
                .param("suggestedReply", "" + reply)
                .param("notify", "" + mia.id())
                .param("action", "save"))
        .andExpect(status().isFound());

    RoutingRule saved =
        rules.list(ws).stream().filter(r -> r.name().equals("Size questions")).findFirst().get();
    assertThat(saved.conditions().contactTag()).isEqualTo("vip");
    assertThat(saved.conditions().channelAccountId()).isEqualTo(team.account().id());
    assertThat(saved.actions().teamId()).isEqualTo(support);
    assertThat(saved.actions().assigneeId()).isEqualTo(team.user().id());
    assertThat(saved.actions().suggestedReplyId()).isEqualTo(reply);
    assertThat(saved.actions().notifyUserId()).isEqualTo(mia.id());
    String page = page(mia, "/settings/routing");
    assertThat(page)
        .contains("contact tagged vip")
        .contains("account is X @" + team.account().handle())
        .contains("hand to Support, assign Ada Agent")
        .contains("suggest “Sizes &lt;b&gt;help&lt;/b&gt;”, notify Mia Manager")
        .doesNotContain("<b>help</b>");

    // Without the contact tag the rule does not match; the built-in fast lane suggests nothing
    // here.
    Conversation plain = conversation(team, "Vera Customer", "what size should I take?");
    mvc.perform(
            get("/saved-replies/suggestion")
                .param("conversation", "" + plain.id())
                .with(user(team.me())))
        .andExpect(status().isNoContent());

    mvc.perform(
            rule(mia, "Sizes for everyone")
                .param("keywords", "size")
                .param("suggestedReply", "" + reply)
                .param("action", "save"))
        .andExpect(status().isFound());
    Conversation asked = conversation(team, "Vera <i>Customer</i>", "which size fits?");
    String offered =
        mvc.perform(
                get("/saved-replies/suggestion")
                    .param("conversation", "" + asked.id())
                    .with(user(team.me())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(offered)
        .contains("id=\"suggested-reply\"")
        .contains("Sizes &lt;b&gt;help&lt;/b&gt;")
        .contains("Hi Vera &lt;i&gt;Customer&lt;/i&gt;, our size guide…")
        .doesNotContain("<i>Customer</i>");

    Team stranger = team();
    mvc.perform(
            get("/saved-replies/suggestion")
                .param("conversation", "" + asked.id())
                .with(user(stranger.me())))
        .andExpect(status().isNotFound());
  }

  @Test
  void choicesFromAnotherWorkspaceAreRefusedAndNothingIsStored() throws Exception {
    Team team = team();
    Team other = team();
    User mia = colleague(team, "Mia Manager", Role.MANAGER);
    long foreignReply =
        savedReplies.create(other.workspace().id(), null, null, "Theirs", "not yours", null).id();
    int before = rules.list(team.workspace().id()).size();

    for (String[] field :
        new String[][] {
          {"team", "" + supportOf(other)},
          {"assignee", "" + other.user().id()},
          {"notify", "" + other.user().id()},
          {"channelAccount", "" + other.account().id()},
          {"suggestedReply", "" + foreignReply},
          {"team", "not-a-number"}
        }) {
      String body =
          mvc.perform(
                  rule(mia, "Tampered")
                      .param("keywords", "x")
                      .param("tag", "t")
                      .param(field[0], field[1]))
              .andExpect(status().isUnprocessableContent())
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(body).containsAnyOf("does not exist", "Not a valid choice");
    }
    assertThat(rules.list(team.workspace().id())).hasSize(before);

    // Agents do not manage rules.
    mvc.perform(rule(team.user(), "Mine").param("keywords", "x")).andExpect(status().isForbidden());
  }

  private MockHttpServletRequestBuilder rule(User by, String name) {
    return post("/settings/routing")
        .param("name", name)
        .with(user(SignedIn.of(by).withoutPassword()))
        .with(csrf());
  }

  private String page(User by, String path) throws Exception {
    return mvc.perform(get(path).with(user(SignedIn.of(by).withoutPassword())))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private long supportOf(Team team) {
    return teams.inWorkspace(team.workspace().id()).stream()
        .filter(t -> t.name().equals("Support"))
        .findFirst()
        .orElseThrow()
        .id();
  }
}
