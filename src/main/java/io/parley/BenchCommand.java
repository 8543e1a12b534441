package io.parley;

import picocli.CommandLine.Command;

/** {@code parley bench <name>}: measurements of one part of Parley (docs/benchmarks.md). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark.",
    subcommands = {
      IngestBench.class,
      InboxBench.class,
      io.parley.listening.ListeningBench.class,
      TriageBench.class
    })
class BenchCommand {}
