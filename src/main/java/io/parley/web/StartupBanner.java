package io.parley.web;

import io.parley.accounts.FirstRun;
import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.WebApplicationContext;

/**
 * When the web app is up: make sure there is a workspace to sign in to, then tell the person who
 * started it where to go and, on a fresh install, how to sign in. Printed to stdout, not logged, so
 * it shows whatever the log level.
 */
@Component
class StartupBanner {

  private final FirstRun firstRun;
  private final PrintStream out;

  StartupBanner(FirstRun firstRun) {
    this.firstRun = firstRun;
    this.out = System.out;
  }

  @EventListener
  void on(ApplicationReadyEvent ready) {
    if (!(ready.getApplicationContext() instanceof WebApplicationContext)) {
      return;
    }
    firstRun.ensureWorkspace();
    if (ready.getApplicationContext() instanceof WebServerApplicationContext server
        && server.getWebServer() != null) {
      out.print(text(server.getWebServer().getPort()));
      out.flush();
    }
  }

  String text(int port) {
    var sb = new StringBuilder("\n  Parley is running at http://localhost:" + port + "\n");
    firstRun
        .login()
        .ifPresent(
            login ->
                sb.append("\n  First sign-in\n")
                    .append("    email:    ")
                    .append(login.email())
                    .append('\n')
                    .append("    password: ")
                    .append(login.password())
                    .append('\n')
                    .append("    (kept in ")
                    .append(login.file())
                    .append(" until the password is changed)\n"));
    return sb.append('\n').toString();
  }
}
