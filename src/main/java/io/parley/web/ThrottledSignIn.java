package io.parley.web;

import io.parley.accounts.Users;
import java.time.Duration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * E-mail + password sign-in (form and HTTP Basic) against {@link Users}, refusing disabled users
 * and addresses the {@link LoginThrottle} has blocked. The check happens before the password is
 * verified, so a blocked address gets no oracle for guesses.
 */
class ThrottledSignIn implements AuthenticationProvider {

  private final LoginThrottle throttle;
  private final DaoAuthenticationProvider passwords;

  ThrottledSignIn(Users users, PasswordEncoder encoder, LoginThrottle throttle) {
    this.throttle = throttle;
    this.passwords =
        new DaoAuthenticationProvider(
            email ->
                users
                    .byEmail(email)
                    .map(user -> SignedIn.of(user))
                    .orElseThrow(() -> new UsernameNotFoundException("unknown")));
    this.passwords.setPasswordEncoder(encoder);
  }

  @Override
  public Authentication authenticate(Authentication request) throws AuthenticationException {
    String email = request.getName();
    var blocked = throttle.blockedFor(email);
    if (blocked.isPresent()) {
      throw new LockedException(
          "Too many failed sign-ins. Try again in " + minutes(blocked.get()) + ".");
    }
    Authentication result;
    try {
      result = passwords.authenticate(request);
    } catch (BadCredentialsException e) {
      throttle.failed(email);
      throw e;
    }
    throttle.succeeded(email);
    SignedIn who = ((SignedIn) result.getPrincipal()).withoutPassword();
    return UsernamePasswordAuthenticationToken.authenticated(who, null, who.getAuthorities());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private static String minutes(Duration d) {
    long m = Math.max(1, (d.toSeconds() + 59) / 60);
    return m == 1 ? "a minute" : m + " minutes";
  }
}
