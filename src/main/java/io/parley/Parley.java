package io.parley;

import io.parley.shared.ParleyHome;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one command-line entry point: {@code ./parley [command]}. Without a command it serves the
 * app. Each sub-command is a picocli class in this package that starts only the part of Parley it
 * needs (see docs/cli.md).
 */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    version = "Parley 0.1.0",
    description = "Self-hosted, conversation-first social media workspace.",
    subcommands = {
      ServeCommand.class,
      SandboxCommand.class,
      ImportCommand.class,
      BenchCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public class Parley implements Callable<Integer> {

  public static void main(String[] args) {
    System.setProperty("parley.home", ParleyHome.path().toString());
    int code = commandLine().execute(args);
    if (code != 0 || !ServeCommand.serving()) {
      System.exit(code);
    }
  }

  /** The command line as {@code main} runs it (tests run commands in-process through this). */
  static CommandLine commandLine() {
    return new CommandLine(new Parley()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() {
    return new ServeCommand().call();
  }

  /**
   * Parley for a command that only works on the database: no web server, no polling or delivery, no
   * sandbox network.
   */
  static ConfigurableApplicationContext startOffline() {
    return start(
        org.springframework.boot.WebApplicationType.NONE,
        "parley.workers.enabled=false",
        "parley.sandbox.enabled=false",
        // a running server triages what was imported (TriageBackfill), then routes it
        "parley.triage.enabled=false",
        "parley.routing.enabled=false");
  }

  /**
   * Starts the Spring application with extra properties, e.g. without web server or workers. They
   * are passed as command-line properties, which take precedence over application.yml and the
   * environment: a command that must not poll or deliver cannot be overridden by configuration.
   */
  static ConfigurableApplicationContext start(
      org.springframework.boot.WebApplicationType web, String... properties) {
    var app = new SpringApplication(ParleyApplication.class);
    app.setWebApplicationType(web);
    app.setLogStartupInfo(web != org.springframework.boot.WebApplicationType.NONE);
    return app.run(java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new));
  }
}
