package io.parley.web;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The person behind a request. Carries the workspace so every query can be scoped to it without a
 * database round trip; the password hash is erased once authentication is done.
 */
public record SignedIn(
    long userId,
    long workspaceId,
    String email,
    String displayName,
    Role role,
    boolean enabled,
    String passwordHash)
    implements UserDetails, CredentialsContainer {

  static SignedIn of(User user) {
    return new SignedIn(
        user.id(),
        user.workspaceId(),
        user.email(),
        user.displayName(),
        user.role(),
        user.enabled(),
        user.passwordHash());
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return email;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public void eraseCredentials() {
    // Records are immutable; Spring Security copies the principal via this hook only when it can.
  }

  /** The same person without the hash, for keeping in the session. */
  SignedIn withoutPassword() {
    return new SignedIn(userId, workspaceId, email, displayName, role, enabled, null);
  }

  @Override
  public String toString() {
    return "SignedIn[" + userId + ", " + email + "]";
  }
}
