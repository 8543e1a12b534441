/**
 * Social listening: the query language ({@link io.parley.listening.ListeningQuery}, grammar in
 * docs/listening.md), the {@link io.parley.listening.Tokenizer} shared by everything that compares
 * terms, the compiled {@link io.parley.listening.QueryMatcher} that matches each post against all
 * stored queries of all workspaces, the brute-force {@link io.parley.listening.QueryOracle} it is
 * tested against, and {@code parley bench listening} against Lucene Monitor. Lucene is used here
 * only, as the benchmark baseline. Stored queries ({@link io.parley.listening.ListeningQueries}),
 * the public-timeline {@link io.parley.listening.ListeningPipeline}, {@link
 * io.parley.listening.Opportunities}, replies through the outbox ({@link
 * io.parley.listening.Outreach}) and the {@link io.parley.listening.EtiquetteGuard}.
 *
 * <p>Allowed dependencies: shared, channels, triage, outbox, ingestion (to store an opportunity's
 * post as a conversation and hear {@code MessageReceived}), conversations (to queue the reply).
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Listening",
    allowedDependencies = {"shared", "channels", "triage", "outbox", "ingestion", "conversations"})
package io.parley.listening;
