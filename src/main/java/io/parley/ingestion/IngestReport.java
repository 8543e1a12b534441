package io.parley.ingestion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What happened to a batch of inbound items. */
public final class IngestReport {

  private int read;
  private int stored;
  private int duplicates;
  private int edits;
  private int deletions;
  private int signals;
  private int skipped;
  private final List<String> rejected = new ArrayList<>();
  private final Set<Long> conversations = new HashSet<>();

  void countRead() {
    read++;
  }

  void countStored() {
    stored++;
  }

  void countDuplicate() {
    duplicates++;
  }

  void countEdit() {
    edits++;
  }

  void countDeletion() {
    deletions++;
  }

  void countSignals(int n) {
    signals += n;
  }

  /** Favourites, boosts and follows stored (not counted again when fetched twice). */
  public int signals() {
    return signals;
  }

  void countSkipped() {
    skipped++;
  }

  void touched(long conversationId) {
    conversations.add(conversationId);
  }

  /** Replaces the conversation handles a batch used while working by the stored ids. */
  void remap(java.util.function.LongUnaryOperator current) {
    Set<Long> ids = new HashSet<>();
    conversations.forEach(id -> ids.add(current.applyAsLong(id)));
    conversations.clear();
    conversations.addAll(ids);
  }

  void reject(String reason) {
    rejected.add(reason);
  }

  public void add(IngestReport other) {
    read += other.read;
    stored += other.stored;
    duplicates += other.duplicates;
    edits += other.edits;
    deletions += other.deletions;
    skipped += other.skipped;
    rejected.addAll(other.rejected);
    conversations.addAll(other.conversations);
  }

  public int read() {
    return read;
  }

  public int stored() {
    return stored;
  }

  public int duplicates() {
    return duplicates;
  }

  public int edits() {
    return edits;
  }

  public int deletions() {
    return deletions;
  }

  /** Items that are not conversation material (e.g. the brand's own top-level posts). */
  public int skippedCount() {
    return skipped;
  }

  /** One reason per rejected item, e.g. {@code "item 12: external id is empty"}. */
  public List<String> rejected() {
    return List.copyOf(rejected);
  }

  /**
   * The conversations the batch's items are in right after it (new, appended to or already holding
   * a duplicate). A later batch may merge one of them away.
   */
  public Set<Long> conversations() {
    return Set.copyOf(conversations);
  }

  @Override
  public String toString() {
    return "read=%d stored=%d duplicates=%d edits=%d deletions=%d skipped=%d rejected=%d"
        .formatted(read, stored, duplicates, edits, deletions, skipped, rejected.size());
  }
}
