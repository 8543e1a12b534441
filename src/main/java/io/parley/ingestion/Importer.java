package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversations;
import io.parley.shared.Network;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports recorded conversations from a file through the same pipeline as live traffic. The file is
 * streamed and stored in batches (one transaction each); since ingestion never stores an item
 * twice, an import that was interrupted can simply be run again.
 */
@Service
public class Importer {

  static final int REASONS_KEPT = 20;

  private final Ingestion ingestion;
  private final Conversations conversations;
  private final JsonMapper json = JsonMapper.builder().build();

  Importer(Ingestion ingestion, Conversations conversations) {
    this.ingestion = ingestion;
    this.conversations = conversations;
  }

  /**
   * The network a file's records are on: implied by the format, else named by its first records
   * (JSONL), else null.
   */
  public Network networkOf(ImportFormat format, Path file) {
    if (format.impliedNetwork() != null) {
      return format.impliedNetwork();
    }
    try (InputStream in = open(file)) {
      return JsonlReader.firstNetwork(in, json);
    } catch (IOException e) {
      throw new ImportFileException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code file} and ingests its records into {@code account}'s workspace.
   *
   * @throws ImportFileException when the file cannot be read or is not in {@code format}
   */
  public ImportSummary importFile(
      ChannelAccount account, ImportFormat format, Path file, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("The batch size must be at least 1.");
    }
    long started = System.nanoTime();
    var run = new Run(account, batchSize);
    try (ImportReader reader = reader(format, file, account.network())) {
      ImportRecord record;
      while ((record = reader.next()) != null) {
        run.accept(record);
      }
      run.flush();
    } catch (IOException e) {
      throw new ImportFileException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return run.summary(Duration.ofNanos(System.nanoTime() - started));
  }

  private ImportReader reader(ImportFormat format, Path file, Network network) throws IOException {
    InputStream in = open(file);
    try {
      return switch (format) {
        case TWCS -> new TwcsReader(in, json);
        case JSONL -> new JsonlReader(in, json, network);
      };
    } catch (RuntimeException | IOException e) {
      in.close();
      throw e;
    }
  }

  private static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ImportFileException("Cannot read " + file + ": not a readable file.");
    }
    return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
  }

  /** Why an item from a file is not imported, beyond what the pipeline itself refuses. */
  static String problem(InboundItem item) {
    if (item.text().length() > Conversations.MAX_TEXT) {
      return "text is longer than " + Conversations.MAX_TEXT + " characters";
    }
    return Ingestion.problem(item);
  }

  /** One import's running state. */
  private final class Run {

    private final ChannelAccount account;
    private final int batchSize;
    private final List<InboundItem> batch = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final Set<Long> threads = new HashSet<>();
    private final IngestReport totals = new IngestReport();
    private long read;
    private long rejected;
    private String lastWhere;

    Run(ChannelAccount account, int batchSize) {
      this.account = account;
      this.batchSize = batchSize;
    }

    void accept(ImportRecord record) {
      read++;
      String problem = record.problem() != null ? record.problem() : problem(record.item());
      if (problem != null) {
        reject(record.where() + ": " + problem);
        return;
      }
      batch.add(record.item());
      lastWhere = record.where();
      if (batch.size() >= batchSize) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      IngestReport report = ingestion.ingest(account, List.copyOf(batch));
      batch.clear();
      totals.add(report);
      threads.addAll(report.conversations());
      // Items were checked above; anything the pipeline still refuses is reported, not lost.
      for (String reason : report.rejected()) {
        reject("batch ending at " + lastWhere + ", " + reason);
      }
    }

    private void reject(String reason) {
      rejected++;
      if (reasons.size() < REASONS_KEPT) {
        reasons.add(reason);
      }
    }

    ImportSummary summary(Duration elapsed) {
      return new ImportSummary(
          read,
          totals.stored(),
          totals.duplicates(),
          totals.edits() + totals.deletions(),
          totals.skippedCount(),
          conversations.countExisting(threads),
          rejected,
          List.copyOf(reasons),
          elapsed);
    }
  }
}
