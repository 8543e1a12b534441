package io.parley.ingestion;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one {@code parley import}.
 *
 * @param read records read from the file (rejected ones included)
 * @param stored messages stored for the first time
 * @param duplicates records already stored (a re-run of the same import)
 * @param updates edits and deletions applied to stored messages
 * @param skipped records that are not conversation material (the brand's own top-level posts)
 * @param threads conversations that hold the imported messages (new or already there)
 * @param rejected records not imported
 * @param firstRejections the reasons for the first {@value Importer#REASONS_KEPT} rejected records
 */
public record ImportSummary(
    long read,
    long stored,
    long duplicates,
    long updates,
    long skipped,
    long threads,
    long rejected,
    List<String> firstRejections,
    Duration elapsed) {}
