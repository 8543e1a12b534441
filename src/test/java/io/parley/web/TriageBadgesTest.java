package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.conversations.Conversation;
import io.parley.ingestion.MessageReceived;
import io.parley.triage.MessageTriage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Triage results show as badges in the conversation list and on the message in the thread. */
class TriageBadgesTest extends WebTestSupport {

  @Autowired MessageTriage messageTriage;

  @Test
  void triagedMessagesShowSentimentIntentAndUrgency() throws Exception {
    Team team = team();
    Conversation angry =
        conversation(team, "Rosa", "Worst service ever, my order never arrived. I want a refund!");
    Conversation calm = conversation(team, "Sam", "the parcel came today");
    long message = conversations.messages(angry.id()).getFirst().id();
    messageTriage.handle(new MessageReceived(message, angry.id(), team.workspace().id()));

    String list = html(get("/inbox"), team);
    String thread = html(get("/conversations/{id}", angry.id()), team);

    String angryRow = row(list, angry.id());
    assertThat(angryRow)
        .contains("class=\"tri tri-negative\"", ">Negative<")
        .contains("class=\"tri tri-intent\"", ">Complaint<")
        .containsPattern("Urgency ([4-9]\\d|100)");
    assertThat(row(list, calm.id())).doesNotContain("tri ");
    String messages = thread.substring(thread.indexOf("id=\"thread-messages\""));
    assertThat(messages).contains("tri tri-negative", ">Complaint<");
    // one inbound message, so one set of badges (its "Correct labels" form names intents too)
    assertThat(messages.split("class=\"tri tri-intent\"", -1)).hasSize(2);
  }

  private static String row(String html, long conversationId) {
    int start = html.indexOf("data-conversation-id=\"" + conversationId + "\"");
    assertThat(start).as("row of conversation %d", conversationId).isNotNegative();
    int end = html.indexOf("</a>", start);
    return html.substring(start, end);
  }

  private String html(MockHttpServletRequestBuilder request, Team team) throws Exception {
    return mvc.perform(request.with(user(team.me())))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
