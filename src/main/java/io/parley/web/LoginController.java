package io.parley.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page. Signing in itself is Spring Security's form login (POST /login). */
@Controller
class LoginController {

  @GetMapping("/login")
  String login(Authentication authentication) {
    if (authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken)) {
      return "redirect:/inbox";
    }
    return "login";
  }
}
