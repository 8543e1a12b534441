package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Role;
import io.parley.conversations.Conversation;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.Message;
import io.parley.outbox.ReplyDispatcher;
import io.parley.testing.RecordingConnector;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Risk-based approval: on a conversation a routing rule flagged, an agent's reply waits for a
 * manager, who approves it as written or edited (it is queued in that transaction and sent once),
 * or declines it (never sent, the reason shown). The "Needs approval" view lists what waits.
 */
class ReplyApprovalTest extends WebTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired RecordingConnector x;
  @Autowired AuditLog audit;

  @Test
  void anAgentsReplyWaitsUntilAManagerApprovesAnEditedVersionWhichIsSentOnce() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Rita Risky", "I will sue you " + UUID.randomUUID());
    flag(c);
    SignedIn manager = person(team, "Mia Manager", Role.MANAGER);

    String thread = page("/conversations/" + c.id(), team.me());
    assertThat(thread).contains("Send for approval").contains("replies wait for a manager");
    reply(team.me(), c, "We are sorry, here is a full refund").andExpect(status().isOk());

    Message held = last(c);
    assertThat(held.deliveryState()).isEqualTo(DeliveryState.AWAITING_APPROVAL);
    assertThat(outboxRows(held)).as("nothing is queued for the network").isZero();
    assertThat(page("/conversations/" + c.id(), team.me()))
        .contains("Waiting for approval")
        .contains("Waits for a manager")
        .doesNotContain("Approve and send");
    mvc.perform(
            post("/conversations/" + c.id() + "/messages/" + held.id() + "/approve")
                .with(user(team.me()))
                .with(csrf())
                .header("HX-Request", "true"))
        .andExpect(status().isForbidden());
    dispatcher.dispatchDue();
    assertThat(x.delivered()).noneMatch(p -> p.text().contains("full refund"));

    // The manager finds it in the "Needs approval" view.
    String inbox = page("/inbox?approval=1", manager);
    assertThat(inbox).contains("Needs approval").contains("Rita Risky");
    assertThat(inbox).containsPattern("id=\"count-approval\"[^>]*>1<");
    assertThat(inbox)
        .as("the view is the active one")
        .containsPattern("data-view=\"approval\"\\s+aria-current=\"page\"")
        .doesNotContainPattern("data-view=\"open\"\\s+aria-current=\"page\"");
    assertThat(page("/conversations/" + c.id(), manager))
        .contains("Approve and send")
        .contains("Edit, then approve")
        .contains("Decline");

    mvc.perform(
            post("/conversations/" + c.id() + "/messages/" + held.id() + "/approve")
                .param("text", "We are sorry. Please DM us your order number.")
                .with(user(manager))
                .with(csrf())
                .header("HX-Request", "true"))
        .andExpect(status().isOk());

    Message approved = last(c);
    assertThat(approved.deliveryState()).isEqualTo(DeliveryState.QUEUED);
    assertThat(approved.text()).isEqualTo("We are sorry. Please DM us your order number.");
    assertThat(conversations.revisions(approved.id()))
        .extracting(r -> r.oldText())
        .containsExactly("We are sorry, here is a full refund");
    assertThat(outboxRows(approved)).isEqualTo(1);
    assertThat(page("/inbox?approval=1", manager)).doesNotContain("Rita Risky");
    assertThat(audit.recent(team.workspace().id(), 20))
        .anyMatch(e -> e.action().equals("reply.approved"));

    // a second approval (another manager, a double click) changes nothing
    mvc.perform(
            post("/conversations/" + c.id() + "/messages/" + held.id() + "/approve")
                .with(user(manager))
                .with(csrf())
                .header("HX-Request", "true"))
        .andExpect(status().isUnprocessableContent());
    dispatcher.dispatchDue();
    dispatcher.dispatchDue();
    assertThat(x.delivered())
        .filteredOn(p -> p.text().contains("Please DM us your order number"))
        .hasSize(1);
    assertThat(x.delivered()).noneMatch(p -> p.text().contains("full refund"));
    assertThat(last(c).deliveryState()).isEqualTo(DeliveryState.SENT);
  }

  @Test
  void aDeclinedReplyIsNeverSentAndShowsWhyAndManagersRepliesGoOutAtOnce() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Lee Legal", "lawyer letter " + UUID.randomUUID());
    flag(c);
    SignedIn manager = person(team, "Mia Manager", Role.MANAGER);

    reply(team.me(), c, "Our lawyers are idiots <b>lol</b>").andExpect(status().isOk());
    Message held = last(c);
    mvc.perform(
            post("/conversations/" + c.id() + "/messages/" + held.id() + "/reject")
                .param("reason", "Tone: please keep it neutral")
                .with(user(manager))
                .with(csrf())
                .header("HX-Request", "true"))
        .andExpect(status().isOk());

    assertThat(last(c).deliveryState()).isEqualTo(DeliveryState.REJECTED);
    assertThat(outboxRows(held)).isZero();
    String thread = page("/conversations/" + c.id(), team.me());
    assertThat(thread)
        .contains("Declined")
        .contains("Tone: please keep it neutral")
        .contains("Our lawyers are idiots &lt;b&gt;lol&lt;/b&gt;");
    dispatcher.dispatchDue();
    assertThat(x.delivered()).noneMatch(p -> p.text().contains("idiots"));

    // the manager's own reply on the flagged conversation is not held
    reply(manager, c, "We have received your letter.").andExpect(status().isOk());
    assertThat(last(c).deliveryState()).isEqualTo(DeliveryState.QUEUED);
    assertThat(page("/inbox?approval=1", manager)).doesNotContain("Lee Legal");
  }

  private void flag(Conversation c) {
    // what a routing rule with "require approval" does (RoutingTest covers the rule itself)
    jdbc.sql("update conversations set approval_required = true where id = ?")
        .param(c.id())
        .update();
  }

  private org.springframework.test.web.servlet.ResultActions reply(
      SignedIn me, Conversation c, String text) throws Exception {
    return mvc.perform(
        post("/conversations/" + c.id() + "/replies")
            .param("text", text)
            .with(user(me))
            .with(csrf())
            .header("HX-Request", "true"));
  }

  private Message last(Conversation c) {
    return conversations.messages(c.id()).getLast();
  }

  private int outboxRows(Message m) {
    return jdbc.sql("select count(*) from outbox where message_id = ?")
        .param(m.id())
        .query(Integer.class)
        .single();
  }

  private String page(String path, SignedIn me) throws Exception {
    return mvc.perform(get(path).with(user(me)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
