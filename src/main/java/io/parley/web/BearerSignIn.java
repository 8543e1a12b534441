package io.parley.web;

import io.parley.accounts.ApiTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * {@code Authorization: Bearer pat_…} on the API, checked against {@link ApiTokens}. Signs in the
 * same {@link SignedIn} as a password does, read fresh for every request, so role, team and
 * workspace rules apply unchanged and a blocked person's tokens stop at once. The token itself
 * never appears in a message, a principal or {@code toString()}.
 */
final class BearerSignIn implements AuthenticationProvider {

  private final ApiTokens tokens;

  BearerSignIn(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * The bearer token of a request, not yet checked; null without a Bearer header, so HTTP Basic or
   * the session can sign the request in instead.
   */
  static Authentication fromRequest(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return new BearerToken(header.substring(7).strip());
  }

  @Override
  public Authentication authenticate(Authentication request) throws AuthenticationException {
    String token = (String) request.getCredentials();
    SignedIn who =
        tokens
            .authenticate(token)
            .map(user -> SignedIn.of(user).withoutPassword())
            .orElseThrow(
                () -> new BadCredentialsException("The API token is unknown, revoked or expired."));
    return UsernamePasswordAuthenticationToken.authenticated(who, null, who.getAuthorities());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerToken.class.isAssignableFrom(authentication);
  }

  /** A token as it came in. */
  static final class BearerToken extends AbstractAuthenticationToken {

    private String token;

    BearerToken(String token) {
      super(List.of());
      this.token = token;
    }

    @Override
    public Object getCredentials() {
      return token;
    }

    @Override
    public Object getPrincipal() {
      return "api token"; // not the prefix: a malformed token could be anything, a password too
    }

    @Override
    public void eraseCredentials() {
      token = null;
      super.eraseCredentials();
    }

    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
