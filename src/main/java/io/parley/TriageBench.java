package io.parley;

import io.parley.triage.Audience;
import io.parley.triage.LabelledCsv;
import io.parley.triage.Languages;
import io.parley.triage.LexiconSentiment;
import io.parley.triage.Triage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench triage}: latency of triaging one message on the calling thread (p50/p99),
 * next to the lexicon scorer alone and Lingua alone, measured in the same run.
 */
@Command(
    name = "triage",
    mixinStandardHelpOptions = true,
    description = "Measure triage latency per message (p50/p99) on one thread.")
class TriageBench implements Callable<Integer> {

  /** Customer posts of the kinds the inbox sees (written for this benchmark). */
  static final List<String> POSTS =
      List.of(
          "@brand my order never arrived and nobody answers. Still waiting for a refund!!",
          "Love the new rain jacket, kept me dry all weekend in the Lake District 😍",
          "Do you ship to Norway? And how long does delivery take?",
          "where can I buy the Summit 45L backpack in Munich?",
          "need an outfit for a party next Friday, any ideas?",
          "The zipper broke after two days. Not impressed. I want my money back.",
          "Thanks for the quick reply yesterday, problem solved 👍",
          "CHECK OUT MY CHANNEL!!! free giveaway click here http://bit.ly/xyz",
          "is the store in Boston open on Sunday",
          "ok",
          "Hola, ¿tienen la chaqueta en talla M? Gracias",
          "Bonjour, ma commande est arrivée abîmée, que dois-je faire ?",
          "Meine Bestellung ist immer noch nicht da. Sehr enttäuschend.",
          "注文した商品がまだ届きません。確認してください。",
          "I've been on hold for 45 minutes. This is ridiculous. My lawyer will hear about this.",
          "Not bad at all, the boots are comfy but they run a bit small",
          "@brand @brand_help third time asking: why was I charged twice for order 88123? I have the"
              + " bank statement, the confirmation emails and the chat transcript from last week,"
              + " and every time I get a different answer. Please fix this today.",
          "🔥🔥🔥",
          "Is the Aurora sleeping bag good for -10°C? Thinking of buying one for Iceland",
          "meh");

  @Spec CommandSpec spec;

  @Option(
      names = "--messages",
      defaultValue = "2000",
      description = "Messages measured (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--warmup",
      defaultValue = "500",
      description = "Messages triaged before measuring (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Take the texts from column 'text' of this CSV instead of the built-in posts.")
  Path input;

  @Override
  public Integer call() throws Exception {
    CommandLogging.quiet();
    PrintWriter out = spec.commandLine().getOut();
    if (messages < 100 || warmup < 0) {
      spec.commandLine().getErr().println("--messages must be >= 100 and --warmup >= 0.");
      return ImportCommand.USAGE;
    }
    List<String> texts = POSTS;
    if (input != null) {
      try {
        texts = LabelledCsv.read(input, "text", "text", true).stream().map(r -> r.text()).toList();
      } catch (LabelledCsv.CsvProblem e) {
        spec.commandLine().getErr().println(e.getMessage());
        return ImportCommand.USAGE;
      }
    }
    out.printf(
        "Loading models; %d distinct texts, %d warm-up + %d measured messages per stage, %d"
            + " available processor(s) …%n",
        texts.size(), warmup, messages, Runtime.getRuntime().availableProcessors());
    out.flush();
    Languages languages = Languages.defaults();
    Triage triage = Triage.bundled(languages);
    LexiconSentiment lexicon = LexiconSentiment.bundled();
    List<String> all = texts;
    List<long[]> results = new ArrayList<>();
    List<String> names = List.of("lexicon (VADER baseline)", "language (Lingua)", "full triage");
    List<Consumer<String>> stages =
        List.of(
            t -> lexicon.score(t), t -> languages.detect(t), t -> triage.read(t, Audience.UNKNOWN));
    for (int s = 0; s < stages.size(); s++) {
      out.printf("%s …%n", names.get(s));
      out.flush();
      results.add(measure(stages.get(s), all));
    }
    out.println();
    out.println("| Stage | p50 (ms) | p99 (ms) | mean (ms) | p99 vs lexicon |");
    out.println("|---|---:|---:|---:|---:|");
    double lexiconP99 = percentile(results.getFirst(), 0.99);
    for (int s = 0; s < stages.size(); s++) {
      long[] ns = results.get(s);
      out.printf(
          Locale.ROOT,
          "| %s | %.3f | %.3f | %.3f | %.0f× |%n",
          names.get(s),
          percentile(ns, 0.50) / 1e6,
          percentile(ns, 0.99) / 1e6,
          Arrays.stream(ns).average().orElse(0) / 1e6,
          percentile(ns, 0.99) / lexiconP99);
    }
    return 0;
  }

  private long[] measure(Consumer<String> stage, List<String> texts) {
    for (int i = 0; i < warmup; i++) {
      stage.accept(texts.get(i % texts.size()));
    }
    long[] ns = new long[messages];
    for (int i = 0; i < messages; i++) {
      String text = texts.get(i % texts.size());
      long start = System.nanoTime();
      stage.accept(text);
      ns[i] = System.nanoTime() - start;
    }
    return ns;
  }

  static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
