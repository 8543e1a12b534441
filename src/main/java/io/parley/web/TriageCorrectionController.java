package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.conversations.Conversation;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import io.parley.triage.TriageCorrections;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Correcting a message's triage from the thread ("Correct labels" under its badges), and the CSV of
 * all corrections an admin downloads for {@code parley train --corrections}.
 */
@Controller
class TriageCorrectionController {

  private final TriageCorrections corrections;
  private final Access access;
  private final InboxView view;
  private final AuditLog audit;

  TriageCorrectionController(
      TriageCorrections corrections, Access access, InboxView view, AuditLog audit) {
    this.corrections = corrections;
    this.access = access;
    this.view = view;
    this.audit = audit;
  }

  @PostMapping("/conversations/{id}/messages/{messageId}/triage")
  String correct(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @PathVariable long messageId,
      @RequestParam(required = false) String sentiment,
      @RequestParam(required = false) List<String> intents,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model) {
    access.requireWriter(me);
    Conversation c = access.require(me, id);
    Sentiment s;
    Set<Intent> chosen = EnumSet.noneOf(Intent.class);
    try {
      s = Sentiment.of(sentiment == null ? "" : sentiment);
      for (String i : intents == null ? List.<String>of() : intents) {
        chosen.add(Intent.of(i));
      }
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown label.");
    }
    boolean inThread =
        view.thread(me, c).items().stream()
            .anyMatch(i -> "in".equals(i.side()) && i.id() == messageId);
    if (!inThread || !corrections.correct(me.workspaceId(), messageId, me.userId(), s, chosen)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such message in this thread.");
    }
    audit.record(
        me.workspaceId(),
        me.userId(),
        "triage.corrected",
        "message " + messageId,
        s.label() + (chosen.isEmpty() ? "" : ", " + chosen));
    if (htmx == null) {
      return "redirect:/conversations/" + c.id();
    }
    model.addAttribute("thread", view.thread(me, c));
    return "inbox :: messages";
  }

  /** text,sentiment,intents — one row per corrected message, for {@code parley train}. */
  @GetMapping("/settings/triage/corrections.csv")
  ResponseEntity<byte[]> export(@AuthenticationPrincipal SignedIn me) {
    if (!access.role(me).managesTeams()) {
      throw new AccessDeniedException("Only admins and managers export corrections");
    }
    StringBuilder csv = new StringBuilder("text,sentiment,intents\r\n");
    for (var c : corrections.all(me.workspaceId())) {
      csv.append(quoted(c.text()))
          .append(',')
          .append(c.sentiment().label())
          .append(',')
          .append(
              quoted(String.join(";", c.intents().stream().map(Intent::label).sorted().toList())))
          .append("\r\n");
    }
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename("triage-corrections.csv").build().toString())
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * RFC 4180 quoting; a leading =, +, - or @ gets a quote mark so a spreadsheet never runs post
   * text as a formula.
   */
  static String quoted(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
