package io.parley.web;

import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The inbox pages. Every page works on a direct load; htmx requests get just the fragment they
 * replace. Polls carry the version they show and get 204 when nothing changed, so the list does not
 * flicker or lose hover and scroll state.
 */
@Controller
class InboxController {

  /** Tells the conversation list to refresh at once (status or assignee changed). */
  static final String INBOX_CHANGED = "inbox-changed";

  private final InboxView view;
  private final Conversations conversations;
  private final Replies replies;

  InboxController(InboxView view, Conversations conversations, Replies replies) {
    this.view = view;
    this.conversations = conversations;
    this.replies = replies;
  }

  @GetMapping("/")
  String home() {
    return "redirect:/inbox";
  }

  @GetMapping("/inbox")
  String inbox(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String assigned,
      @RequestParam(required = false) String network,
      @RequestParam(required = false) String q,
      Model model) {
    page(me, InboxQuery.parse(status, assigned, network, q), model);
    return "inbox";
  }

  @GetMapping("/inbox/list")
  String list(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String assigned,
      @RequestParam(required = false) String network,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String v,
      Model model,
      HttpServletResponse response) {
    InboxQuery query = InboxQuery.parse(status, assigned, network, q);
    List<InboxView.Row> rows = view.rows(me, query);
    var counts = view.counts(me);
    String version = listVersion(rows, counts);
    if (version.equals(v)) {
      response.setStatus(HttpStatus.NO_CONTENT.value());
      return null;
    }
    model.addAttribute("query", query);
    model.addAttribute("rows", rows);
    model.addAttribute("counts", counts);
    model.addAttribute("listVersion", version);
    model.addAttribute("oob", true);
    return "inbox :: list";
  }

  @GetMapping("/conversations/{id}")
  String conversation(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String assigned,
      @RequestParam(required = false) String network,
      @RequestParam(required = false) String q,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      @RequestHeader(value = "HX-History-Restore-Request", required = false) String restore,
      Model model) {
    Conversation c = require(me, id);
    conversations.markRead(me.workspaceId(), id);
    model.addAttribute("thread", view.thread(me, c));
    if (htmx != null && restore == null) {
      return "inbox :: thread";
    }
    page(me, InboxQuery.parse(status, assigned, network, q), model);
    return "inbox";
  }

  @GetMapping("/conversations/{id}/messages")
  String messages(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(required = false) String v,
      Model model,
      HttpServletResponse response) {
    InboxView.ThreadPane thread = view.thread(me, require(me, id));
    if (thread.version().equals(v)) {
      response.setStatus(HttpStatus.NO_CONTENT.value());
      return null;
    }
    model.addAttribute("thread", thread);
    return "inbox :: messages";
  }

  @GetMapping("/conversations/{id}/messages/{messageId}/history")
  String history(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @PathVariable long messageId,
      Model model) {
    var revisions = view.history(me, id, messageId);
    if (revisions == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    model.addAttribute("revisions", revisions);
    return "fragments/parts :: history";
  }

  @PostMapping("/conversations/{id}/replies")
  String reply(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return compose(
        me, id, htmx, "#reply-error", c -> replies.send(me, c, text), model, response, redirect);
  }

  @PostMapping("/conversations/{id}/notes")
  String note(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return compose(
        me, id, htmx, "#note-error", c -> replies.note(me, c, text), model, response, redirect);
  }

  /**
   * Stores a reply or note. htmx gets the re-rendered messages, or on refusal a 422 whose reason
   * lands next to the form (the text stays in it). Without JavaScript: redirect back to the thread.
   */
  private String compose(
      SignedIn me,
      long id,
      String htmx,
      String problemTarget,
      java.util.function.Consumer<Conversation> store,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    Conversation c = require(me, id);
    try {
      store.accept(c);
    } catch (Replies.Refused e) {
      if (htmx == null) {
        redirect.addFlashAttribute("problem", e.getMessage());
        return "redirect:/conversations/" + id;
      }
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      response.setHeader("HX-Retarget", problemTarget);
      response.setHeader("HX-Reswap", "innerHTML");
      model.addAttribute("problem", e.getMessage());
      return "fragments/parts :: problem";
    }
    if (htmx == null) {
      return "redirect:/conversations/" + id;
    }
    model.addAttribute("thread", view.thread(me, c));
    return "inbox :: messages";
  }

  @PostMapping("/conversations/{id}/status")
  String status(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String status,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    require(me, id);
    ConversationStatus next;
    try {
      next = ConversationStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown status.");
    }
    conversations.setStatus(me.workspaceId(), id, next);
    return header(me, id, htmx, model, response);
  }

  @PostMapping("/conversations/{id}/assignee")
  String assign(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String to,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    require(me, id);
    conversations.assign(me.workspaceId(), id, "me".equals(to) ? me.userId() : null);
    return header(me, id, htmx, model, response);
  }

  private String header(
      SignedIn me, long id, String htmx, Model model, HttpServletResponse response) {
    if (htmx == null) {
      return "redirect:/conversations/" + id;
    }
    response.setHeader("HX-Trigger", INBOX_CHANGED);
    model.addAttribute("thread", view.thread(me, require(me, id)));
    return "inbox :: threadHeader";
  }

  private void page(SignedIn me, InboxQuery query, Model model) {
    List<InboxView.Row> rows = view.rows(me, query);
    var counts = view.counts(me);
    model.addAttribute("me", me);
    model.addAttribute("workspaceName", view.workspaceName(me));
    model.addAttribute("query", query);
    model.addAttribute("rows", rows);
    model.addAttribute("counts", counts);
    model.addAttribute("networks", view.networks(me));
    model.addAttribute("listVersion", listVersion(rows, counts));
    model.addAttribute("oob", false);
  }

  private Conversation require(SignedIn me, long id) {
    return view.conversation(me, id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }

  private static String listVersion(List<InboxView.Row> rows, Object counts) {
    int h = Objects.hashCode(counts);
    for (InboxView.Row r : rows) {
      h = 31 * h + r.hashCode();
    }
    return Integer.toHexString(h);
  }
}
