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
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import io.parley.triage.TriageCorrections;
import io.parley.triage.TriageRecords;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An agent corrects a message's triage in the thread: the badges change, the correction is audited
 * and exported for training; strangers and viewers cannot.
 */
class TriageCorrectionTest extends WebTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired TriageRecords records;
  @Autowired TriageCorrections corrections;

  @Test
  void anAgentCorrectsTheLabelsAndTheManagerExportsThemForTraining() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Vera", "=HYPERLINK(\"x\") loving the new jacket!!");
    long message = conversations.messages(c.id()).getFirst().id();
    triaged(team, c, message, "negative", "complaint");

    String before = thread(team, c);
    assertThat(before)
        .contains("Correct labels")
        .contains("tri-intent\" title=\"Intent (triage)\">Complaint<");

    String after =
        mvc.perform(
                post("/conversations/{id}/messages/{m}/triage", c.id(), message)
                    .param("sentiment", "positive")
                    .param("intents", "praise", "purchase_intent")
                    .header("HX-Request", "true")
                    .with(user(team.me()))
                    .with(csrf()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(after)
        .contains(">Corrected<")
        .contains("tri-intent\" title=\"Intent (triage)\">Praise<")
        .contains("tri-intent\" title=\"Intent (triage)\">Wants to buy<")
        .doesNotContain("tri-intent\" title=\"Intent (triage)\">Complaint<");
    var stored = records.forMessage(message).orElseThrow();
    assertThat(stored.sentiment()).isEqualTo(Sentiment.POSITIVE);
    assertThat(stored.intents()).containsExactlyInAnyOrder(Intent.PRAISE, Intent.PURCHASE_INTENT);
    assertThat(stored.corrected()).isTrue();
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_log where workspace_id = ? and action ="
                        + " 'triage.corrected'")
                .param(team.workspace().id())
                .query(Long.class)
                .single())
        .isEqualTo(1);

    // Correcting again replaces the correction: still one row for training.
    mvc.perform(
            post("/conversations/{id}/messages/{m}/triage", c.id(), message)
                .param("sentiment", "positive")
                .param("intents", "praise")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isFound());
    assertThat(corrections.all(team.workspace().id()))
        .singleElement()
        .satisfies(x -> assertThat(x.intents()).containsExactly(Intent.PRAISE));

    User mia = colleague(team, "Mia Manager", Role.MANAGER);
    var csv =
        mvc.perform(
                get("/settings/triage/corrections.csv")
                    .with(user(SignedIn.of(mia).withoutPassword())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse();
    assertThat(csv.getHeader("Content-Disposition")).contains("triage-corrections.csv");
    assertThat(csv.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "text,sentiment,intents\r\n"
                + "\"'=HYPERLINK(\"\"x\"\") loving the new jacket!!\",positive,\"praise\"\r\n");
    mvc.perform(get("/settings/triage/corrections.csv").with(user(team.me())))
        .andExpect(status().isForbidden());
  }

  @Test
  void strangersViewersAndBadLabelsAreRefusedAndNothingChanges() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Vera", "where is my parcel?");
    long message = conversations.messages(c.id()).getFirst().id();
    triaged(team, c, message, "neutral", "question");
    Team stranger = team();
    User viewer = colleague(team, "Vic Viewer", Role.VIEWER);

    mvc.perform(correct(c.id(), message, "negative").with(user(stranger.me())))
        .andExpect(status().isNotFound());
    mvc.perform(
            correct(c.id(), message, "negative").with(user(SignedIn.of(viewer).withoutPassword())))
        .andExpect(status().isForbidden());
    mvc.perform(correct(c.id(), message, "furious").with(user(team.me())))
        .andExpect(status().isBadRequest());
    Conversation other = conversation(team, "Otto", "another thread");
    // a message of another conversation
    mvc.perform(correct(other.id(), message, "negative").with(user(team.me())))
        .andExpect(status().isNotFound());

    assertThat(records.forMessage(message).orElseThrow().sentiment()).isEqualTo(Sentiment.NEUTRAL);
    assertThat(corrections.all(team.workspace().id())).isEmpty();
  }

  private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder correct(
      long conversation, long message, String sentiment) {
    return post("/conversations/{id}/messages/{m}/triage", conversation, message)
        .param("sentiment", sentiment)
        .with(csrf());
  }

  private String thread(Team team, Conversation c) throws Exception {
    return mvc.perform(get("/conversations/{id}", c.id()).with(user(team.me())))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  /** Triage is off in web tests: store what it would have found. */
  private void triaged(Team team, Conversation c, long message, String sentiment, String intents) {
    jdbc.sql(
            "insert into message_triage (message_id, workspace_id, conversation_id, language,"
                + " language_confidence, sentiment, sentiment_score, lexicon_compound, intents,"
                + " complaint_score, question_score, praise_score, purchase_intent_score,"
                + " spam_score, urgency, triaged_at) values (?, ?, ?, 'en', 1, ?, 0.9, 0, ?, 0,"
                + " 0, 0, 0, 0, 20, ?)")
        .params(message, team.workspace().id(), c.id(), sentiment, intents, OffsetDateTime.now())
        .update();
  }
}
