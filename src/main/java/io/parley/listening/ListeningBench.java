package io.parley.listening;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.lucene.document.Document;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench listening}: the {@link QueryMatcher} against Lucene Monitor with the same
 * queries and posts, in the same run, on one thread (docs/benchmarks.md, "Listening").
 */
@Command(
    name = "listening",
    mixinStandardHelpOptions = true,
    description = "Measure the listening matcher against Lucene Monitor (posts/s, p99, heap).")
public class ListeningBench implements Callable<Integer> {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  @Spec CommandSpec spec;

  @Option(
      names = "--queries",
      split = ",",
      defaultValue = "1000,100000,1000000",
      description = "Query set sizes to measure (comma-separated).")
  int[] sizes;

  @Option(names = "--posts", defaultValue = "20000", description = "Posts matched per size.")
  int posts;

  @Option(
      names = "--warmup",
      defaultValue = "5000",
      description = "Posts matched first, unmeasured.")
  int warmup;

  @Option(
      names = "--monitor-max-queries",
      defaultValue = "100000",
      description = "Skip Lucene Monitor above this many queries (its registration gets slow).")
  int monitorMaxQueries;

  @Option(
      names = "--monitor-seconds",
      defaultValue = "60",
      description = "Stop matching with Lucene Monitor after this long (per size).")
  int monitorSeconds;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  record Result(
      String matcher,
      int queries,
      double registrationsPerSecond,
      double heapMbPer10k,
      int postsMatched,
      double postsPerSecond,
      double postsPerCpuSecond,
      double p99Micros,
      double matchesPerPost) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (posts < 100 || warmup < 0 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      spec.commandLine().getErr().println("--posts must be >= 100, --queries sizes >= 1.");
      return 2;
    }
    out.printf(
        "Generating workload (seed %d): %d posts + %d warm-up; query sets %s; %d cores, max heap %d MB%n",
        seed,
        posts,
        warmup,
        Arrays.toString(sizes),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    out.flush();
    ListeningWorkload workload = new ListeningWorkload(30_000, 50_000, seed);
    List<Post> measured = workload.posts(posts, seed + 1);
    List<Post> warming = workload.posts(Math.max(warmup, 1), seed + 2);
    out.println("Warming up (registering and matching a separate query set) …");
    out.flush();
    QueryMatcher warm = new QueryMatcher();
    List<String> warmQueries = workload.queries(50_000, seed - 1);
    for (int i = 0; i < warmQueries.size(); i++) {
      warm.put(0, i, ListeningQuery.parse(warmQueries.get(i)));
    }
    warming.forEach(warm::match);
    warm = null;
    List<Result> results = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int size : sizes) {
      List<String> texts = workload.queries(size, seed + size);
      int check = Math.min(measured.size(), 2_000);
      List<Set<String>> ours = new ArrayList<>(check);
      results.add(ours(texts, measured, warming, ours, out));
      if (size <= monitorMaxQueries) {
        List<Set<String>> lucene = new ArrayList<>(check);
        Result monitor = monitor(texts, measured, warming, lucene, out);
        results.add(monitor);
        int compared = Math.min(lucene.size(), ours.size());
        int differing = 0;
        for (int i = 0; i < compared; i++) {
          if (!lucene.get(i).equals(ours.get(i))) {
            if (differing++ < 3) {
              Set<String> onlyLucene = new HashSet<>(lucene.get(i));
              onlyLucene.removeAll(ours.get(i));
              Set<String> onlyOurs = new HashSet<>(ours.get(i));
              onlyOurs.removeAll(lucene.get(i));
              out.printf(
                  "  differs on post %s%n    only Lucene: %s%n    only Parley: %s%n",
                  measured.get(i),
                  onlyLucene.stream().map(id -> texts.get(Integer.parseInt(id))).toList(),
                  onlyOurs.stream().map(id -> texts.get(Integer.parseInt(id))).toList());
            }
          }
        }
        notes.add(
            String.format(
                "%,d queries: same matches on %,d of %,d posts compared; Parley %.1fx Lucene Monitor"
                    + " posts per CPU-second",
                size,
                compared - differing,
                compared,
                results.get(results.size() - 2).postsPerCpuSecond() / monitor.postsPerCpuSecond()));
      } else {
        notes.add(
            String.format(
                "%,d queries: Lucene Monitor not run (above --monitor-max-queries %,d)",
                size, monitorMaxQueries));
      }
    }
    out.println();
    out.println(
        "| Queries | Matcher | Registrations/s | Heap per 10k queries | Posts matched |"
            + " Posts/s (wall) | Posts per CPU-second | p99 per post | Matches per post |");
    out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      out.printf(
          "| %,d | %s | %,.0f | %.1f MB | %,d | %,.0f | %,.0f | %,.0f µs | %.2f |%n",
          r.queries(),
          r.matcher(),
          r.registrationsPerSecond(),
          r.heapMbPer10k(),
          r.postsMatched(),
          r.postsPerSecond(),
          r.postsPerCpuSecond(),
          r.p99Micros(),
          r.matchesPerPost());
    }
    out.println();
    notes.forEach(n -> out.println("- " + n));
    out.flush();
    return 0;
  }

  private Result ours(
      List<String> texts,
      List<Post> measured,
      List<Post> warming,
      List<Set<String>> firstMatches,
      PrintWriter out) {
    long heapBefore = usedHeap();
    QueryMatcher matcher = new QueryMatcher();
    long start = System.nanoTime();
    for (int i = 0; i < texts.size(); i++) {
      matcher.put(i % 500, i, ListeningQuery.parse(texts.get(i)));
    }
    double registrationSeconds = (System.nanoTime() - start) / 1e9;
    long heap = usedHeap() - heapBefore;
    progress(out, "Parley", texts.size(), registrationSeconds);
    for (Post post : warming) {
      matcher.match(post);
    }
    long[] latencies = new long[measured.size()];
    long matches = 0;
    long cpuBegin = CPU.getCurrentThreadCpuTime();
    long begin = System.nanoTime();
    for (int i = 0; i < measured.size(); i++) {
      long t0 = System.nanoTime();
      List<QueryMatcher.QueryKey> found = matcher.match(measured.get(i));
      latencies[i] = System.nanoTime() - t0;
      matches += found.size();
      if (i < 2_000) {
        Set<String> ids = new HashSet<>();
        found.forEach(k -> ids.add(Long.toString(k.queryId())));
        firstMatches.add(ids);
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
    return new Result(
        "Parley",
        texts.size(),
        texts.size() / registrationSeconds,
        heap / (1024.0 * 1024.0) / (texts.size() / 10_000.0),
        measured.size(),
        measured.size() / seconds,
        measured.size() / cpuSeconds,
        p99(latencies, measured.size()),
        (double) matches / measured.size());
  }

  private Result monitor(
      List<String> texts,
      List<Post> measured,
      List<Post> warming,
      List<Set<String>> firstMatches,
      PrintWriter out)
      throws IOException {
    List<Document> documents = measured.stream().map(LuceneTranslation::document).toList();
    List<Document> warmDocuments = warming.stream().map(LuceneTranslation::document).toList();
    long heapBefore = usedHeap();
    try (Monitor monitor = new Monitor(LuceneTranslation.analyzer())) {
      long start = System.nanoTime();
      List<MonitorQuery> batch = new ArrayList<>(10_000);
      for (int i = 0; i < texts.size(); i++) {
        batch.add(
            new MonitorQuery(
                Integer.toString(i),
                LuceneTranslation.query(ListeningQuery.parse(texts.get(i)).root())));
        if (batch.size() == 10_000 || i == texts.size() - 1) {
          monitor.register(batch);
          batch.clear();
        }
      }
      double registrationSeconds = (System.nanoTime() - start) / 1e9;
      long heap = usedHeap() - heapBefore;
      progress(out, "Lucene Monitor", texts.size(), registrationSeconds);
      long deadline = System.nanoTime() + monitorSeconds * 1_000_000_000L;
      for (int i = 0; i < warmDocuments.size() && System.nanoTime() < deadline; i++) {
        monitor.match(warmDocuments.get(i), QueryMatch.SIMPLE_MATCHER);
      }
      deadline = System.nanoTime() + monitorSeconds * 1_000_000_000L;
      long[] latencies = new long[documents.size()];
      long matches = 0;
      int done = 0;
      long cpuBegin = CPU.getCurrentThreadCpuTime();
      long begin = System.nanoTime();
      while (done < documents.size() && (done < 100 || System.nanoTime() < deadline)) {
        long t0 = System.nanoTime();
        MatchingQueries<QueryMatch> found =
            monitor.match(documents.get(done), QueryMatch.SIMPLE_MATCHER);
        latencies[done] = System.nanoTime() - t0;
        matches += found.getMatchCount();
        if (done < 2_000) {
          Set<String> ids = new HashSet<>();
          found.getMatches().forEach(m -> ids.add(m.getQueryId()));
          firstMatches.add(ids);
        }
        done++;
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
      return new Result(
          "Lucene Monitor " + org.apache.lucene.util.Version.LATEST,
          texts.size(),
          texts.size() / registrationSeconds,
          heap / (1024.0 * 1024.0) / (texts.size() / 10_000.0),
          done,
          done / seconds,
          done / cpuSeconds,
          p99(latencies, done),
          (double) matches / done);
    }
  }

  private static void progress(PrintWriter out, String who, int queries, double seconds) {
    out.printf("%s: %,d queries registered in %.1f s, matching …%n", who, queries, seconds);
    out.flush();
  }

  private static double p99(long[] latencies, int count) {
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    return sorted[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)] / 1000.0;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
