package io.parley;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.ingestion.ImportFileException;
import io.parley.ingestion.ImportFormat;
import io.parley.ingestion.ImportSummary;
import io.parley.ingestion.Importer;
import io.parley.shared.Network;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley import}: recorded conversations from a file into a workspace (docs/import.md). */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import recorded conversations from a TWCS CSV or a JSONL file.")
class ImportCommand implements Callable<Integer> {

  static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      required = true,
      description = "File layout: ${COMPLETION-CANDIDATES}.")
  ImportFormat format;

  @Parameters(paramLabel = "FILE", description = "The file to import.")
  Path file;

  @Option(
      names = "--workspace",
      description = "Workspace slug (default: the first-run workspace, created if needed).")
  String workspace;

  @Option(
      names = "--network",
      description =
          "Network the messages are on (default: x for twcs; for jsonl the records' network).")
  String network;

  @Option(
      names = "--handle",
      defaultValue = "imported",
      description = "Brand account to import under; created (not polled) if missing.")
  String handle;

  @Option(
      names = "--batch-size",
      defaultValue = "500",
      description = "Records per transaction (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      err.println("Cannot read " + file + ": not a readable file.");
      return USAGE;
    }
    if (batchSize < 1 || batchSize > 100_000) {
      err.println("--batch-size must be between 1 and 100000.");
      return USAGE;
    }
    Network chosen = null;
    if (network != null) {
      chosen = Network.parse(network);
      if (chosen == null) {
        err.println("Unknown network '" + network + "'.");
        return USAGE;
      }
      if (format.impliedNetwork() != null && chosen != format.impliedNetwork()) {
        err.println(
            format.name().toLowerCase(Locale.ROOT)
                + " files are "
                + format.impliedNetwork().label()
                + " conversations; --network "
                + network
                + " does not fit.");
        return USAGE;
      }
    }
    try (ConfigurableApplicationContext context = Parley.startOffline()) {
      Importer importer = context.getBean(Importer.class);
      if (chosen == null) {
        chosen = importer.networkOf(format, file);
        if (chosen == null) {
          err.println("The file's records name no network: pass --network.");
          return USAGE;
        }
      }
      Workspace ws = workspace(context);
      if (ws == null) {
        err.println("No workspace '" + workspace + "'.");
        return USAGE;
      }
      ChannelAccount account = account(context.getBean(ChannelAccounts.class), ws, chosen);
      out.printf(
          "Importing %s into workspace '%s' as %s @%s …%n",
          file.getFileName(), ws.slug(), chosen.label(), account.handle());
      out.flush();
      ImportSummary summary = importer.importFile(account, format, file, batchSize);
      print(out, summary);
      return 0;
    } catch (ImportFileException e) {
      err.println(e.getMessage());
      return USAGE;
    }
  }

  private Workspace workspace(ConfigurableApplicationContext context) {
    String firstRun = context.getEnvironment().getProperty("parley.workspace.slug", "demo");
    if (workspace == null || workspace.equals(firstRun)) {
      return context.getBean(FirstRun.class).ensureWorkspace();
    }
    return context.getBean(Workspaces.class).bySlug(workspace).orElse(null);
  }

  /** The brand account to file the messages under; imports never make it poll a network. */
  private ChannelAccount account(ChannelAccounts accounts, Workspace ws, Network on) {
    return accounts
        .find(ws.id(), on, handle)
        .orElseGet(
            () -> {
              ChannelAccount added =
                  accounts.add(ws.id(), on, handle, handle, null, null, Map.of());
              accounts.setEnabled(added.id(), false);
              return accounts.byId(added.id()).orElseThrow();
            });
  }

  private static void print(PrintWriter out, ImportSummary s) {
    out.printf("read        %d%n", s.read());
    out.printf("stored      %d%n", s.stored());
    out.printf("duplicates  %d%n", s.duplicates());
    if (s.updates() > 0) {
      out.printf("updates     %d%n", s.updates());
    }
    if (s.skipped() > 0) {
      out.printf("skipped     %d (the brand's own top-level posts)%n", s.skipped());
    }
    out.printf("threads     %d%n", s.threads());
    out.printf("rejected    %d%n", s.rejected());
    for (String reason : s.firstRejections()) {
      out.println("  " + reason);
    }
    if (s.rejected() > s.firstRejections().size()) {
      out.printf("  … and %d more%n", s.rejected() - s.firstRejections().size());
    }
    out.printf("elapsed     %.1f s%n", s.elapsed().toMillis() / 1000.0);
    out.flush();
  }
}
