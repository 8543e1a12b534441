package io.parley.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the workspace and its first administrator on an empty database, so {@code ./parley} on a
 * fresh machine can be signed into at once. The generated password is kept in a file under the
 * Parley home (like other self-hosted tools' "initial admin password") until the admin changes it.
 */
@Component
public class FirstRun {

  private static final Logger log = LoggerFactory.getLogger(FirstRun.class);
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Workspaces workspaces;
  private final Users users;
  private final Teams teams;
  private final PasswordEncoder passwords;
  private final String workspaceSlug;
  private final String workspaceName;
  private final String adminEmail;
  private final String adminPassword;
  private final Path loginFile;

  FirstRun(
      Workspaces workspaces,
      Users users,
      Teams teams,
      PasswordEncoder passwords,
      @Value("${parley.workspace.slug:demo}") String workspaceSlug,
      @Value("${parley.workspace.name:Northwind Outfitters}") String workspaceName,
      @Value("${parley.admin.email:admin@parley.local}") String adminEmail,
      @Value("${parley.admin.password:}") String adminPassword,
      @Value("${parley.home}") String home) {
    this.workspaces = workspaces;
    this.users = users;
    this.teams = teams;
    this.passwords = passwords;
    this.workspaceSlug = workspaceSlug;
    this.workspaceName = workspaceName;
    this.adminEmail = adminEmail;
    this.adminPassword = adminPassword;
    this.loginFile = Path.of(home).resolve("first-run-login.txt");
  }

  /** The installation's first workspace, created on first use. */
  @Transactional
  public Workspace ensureWorkspace() {
    return workspaces.bySlug(workspaceSlug).orElseGet(() -> create());
  }

  private Workspace create() {
    Workspace workspace = workspaces.create(workspaceSlug, workspaceName);
    String password = adminPassword.isBlank() ? randomPassword() : adminPassword;
    users.create(workspace.id(), adminEmail, "Admin", passwords.encode(password), Role.ADMIN);
    teams.ensureDefaults(workspace.id());
    try {
      Files.createDirectories(loginFile.getParent());
      Files.writeString(loginFile, adminEmail + "\n" + password + "\n");
      loginFile.toFile().setReadable(false, false);
      loginFile.toFile().setReadable(true, true);
    } catch (IOException e) {
      log.warn("Could not write {}: {}", loginFile, e.getMessage());
    }
    log.info("Created workspace '{}' and administrator {}", workspaceName, adminEmail);
    return workspace;
  }

  /** The first-run login while its file still exists (deleted once the admin changes password). */
  public Optional<FirstRunLogin> login() {
    try {
      if (!Files.isReadable(loginFile)) {
        return Optional.empty();
      }
      var lines = Files.readAllLines(loginFile);
      return lines.size() >= 2
          ? Optional.of(new FirstRunLogin(lines.get(0).trim(), lines.get(1).trim(), loginFile))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the first-run login file still holds this person's generated password. */
  public boolean keepsLoginOf(String email) {
    return login().filter(l -> l.email().equalsIgnoreCase(email.trim())).isPresent();
  }

  /**
   * The owner of the first-run login chose their own password: the generated one no longer works,
   * so stop keeping and printing it.
   */
  void passwordChanged(String email) {
    if (!keepsLoginOf(email)) {
      return;
    }
    try {
      Files.deleteIfExists(loginFile);
      log.info("Deleted {}: {} changed the generated password", loginFile, email);
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", loginFile, e.getMessage());
    }
  }

  private static String randomPassword() {
    var random = new SecureRandom();
    var sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** What {@code ./parley} prints so a new user can sign in. */
  public record FirstRunLogin(String email, String password, Path file) {}
}
