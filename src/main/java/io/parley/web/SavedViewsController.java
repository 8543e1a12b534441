package io.parley.web;

import io.parley.conversations.SavedViews;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Save this view": a person names the inbox filters they are looking at and finds them under "My
 * views". Views are personal; everyone signed in may keep some (viewers too).
 */
@Controller
class SavedViewsController {

  private final SavedViews views;

  SavedViewsController(SavedViews views) {
    this.views = views;
  }

  /** Saves the filters sent with the form (the same parameters as the inbox URL) under a name. */
  @PostMapping("/inbox/views")
  String save(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String name,
      @RequestParam Map<String, String> params,
      RedirectAttributes redirect) {
    String filters = InboxController.query(params).params();
    try {
      var saved = views.save(me.workspaceId(), me.userId(), name, filters);
      redirect.addFlashAttribute("notice", "View “" + saved.name() + "” saved.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("viewProblem", e.getMessage());
    }
    return "redirect:/inbox?" + filters;
  }

  @PostMapping("/inbox/views/{id}/delete")
  String delete(@AuthenticationPrincipal SignedIn me, @PathVariable long id) {
    if (!views.delete(me.workspaceId(), me.userId(), id)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such view");
    }
    return "redirect:/inbox";
  }
}
