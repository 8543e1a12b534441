package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.conversations.Conversation;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.Message;
import io.parley.outbox.ReplyDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The REST API over HTTP Basic and the session. */
class ConversationsApiTest extends WebTestSupport {

  @Autowired ReplyDispatcher dispatcher;

  @Test
  void listReadAndReplyOverBasicAuth() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Noor", "Is the blue one back in stock?");
    var basic = httpBasic(team.user().email(), PASSWORD);

    mvc.perform(get("/api/v1/conversations").param("status", "open").with(basic))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(1))
        .andExpect(jsonPath("$[0].id").value(c.id()))
        .andExpect(jsonPath("$[0].network").value("X"))
        .andExpect(jsonPath("$[0].preview").value("Is the blue one back in stock?"));
    mvc.perform(get("/api/v1/conversations").param("status", "resolved").with(basic))
        .andExpect(jsonPath("$.length()").value(0));
    mvc.perform(get("/api/v1/conversations").param("q", "blue").param("limit", "5").with(basic))
        .andExpect(jsonPath("$.length()").value(1));

    String body =
        mvc.perform(
                post("/api/v1/conversations/{id}/replies", c.id())
                    .with(basic)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"text\":\"Yes, since this morning!\"}"))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.deliveryState").value("QUEUED"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    Message reply = conversations.messages(c.id()).getLast();
    assertThat(body).contains("\"messageId\":" + reply.id());
    assertThat(reply.deliveryState()).isEqualTo(DeliveryState.QUEUED);
    // Basic-authenticated calls create no session.
    assertThat(
            mvc.perform(get("/api/v1/conversations").with(basic))
                .andReturn()
                .getResponse()
                .getHeader("Set-Cookie"))
        .isNull();

    dispatcher.dispatchDue();
    mvc.perform(get("/api/v1/conversations/{id}", c.id()).with(basic))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.conversation.id").value(c.id()))
        .andExpect(jsonPath("$.messages.length()").value(2))
        .andExpect(jsonPath("$.messages[0].authorName").value("Noor"))
        .andExpect(jsonPath("$.messages[1].text").value("Yes, since this morning!"))
        .andExpect(jsonPath("$.messages[1].deliveryState").value("SENT"));
  }

  @Test
  void sessionCallsWorkWithTheCsrfToken() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Ola", "hi");
    mvc.perform(
            post("/api/v1/conversations/{id}/replies", c.id())
                .with(user(team.me()))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"hello from the session\"}"))
        .andExpect(status().isAccepted());
  }

  @Test
  void invalidRequestsGetProblemDetails() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Vic", "hi");
    var basic = httpBasic(team.user().email(), PASSWORD);
    for (String json :
        new String[] {"{\"text\":\"\"}", "{}", "{\"text\":\"" + "x".repeat(281) + "\"}"}) {
      mvc.perform(
              post("/api/v1/conversations/{id}/replies", c.id())
                  .with(basic)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(json))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.status").value(400))
          .andExpect(jsonPath("$.detail").isNotEmpty());
    }
    mvc.perform(
            post("/api/v1/conversations/{id}/replies", c.id())
                .with(basic)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{not json"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/api/v1/conversations").param("status", "bogus").with(basic))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("Unknown status: bogus."));
    mvc.perform(get("/api/v1/conversations").param("limit", "0").with(basic))
        .andExpect(status().isBadRequest());
    mvc.perform(get("/api/v1/conversations/{id}", 987654321L).with(basic))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(conversations.messages(c.id())).hasSize(1);
  }

  @Test
  void theOpenApiDocumentDescribesTheApiForSignedInUsers() throws Exception {
    Team team = team();
    mvc.perform(get("/api/openapi")).andExpect(status().isFound());
    mvc.perform(get("/api/openapi").with(user(team.me())))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.paths['/api/v1/conversations'].get").exists())
        .andExpect(jsonPath("$.paths['/api/v1/conversations/{id}/replies'].post").exists());
    mvc.perform(get("/api/docs").with(user(team.me()))).andExpect(status().is3xxRedirection());
  }
}
