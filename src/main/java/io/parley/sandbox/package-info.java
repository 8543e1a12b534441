/**
 * The built-in sandbox network: a small simulated social network with its own accounts, posts, DM
 * threads, per-brand event feed, idempotent posting API, fault injection and a traffic generator
 * that plays the customers of the demo brand "Northwind Outfitters". It lets a fresh installation
 * show a living inbox without any real network account, and gives tests a real HTTP network to
 * break.
 *
 * <p>It is deliberately an external system that happens to share the JVM: it depends on no Parley
 * module, keeps its own H2 store (not Parley's database), and Parley reaches it only over HTTP
 * through {@code io.parley.channels.sandbox}. It runs embedded ({@code parley.sandbox.enabled}) or
 * as its own process ({@code ./parley sandbox}). See docs/adr/0001-sandbox-network-module.md.
 *
 * <p>Allowed dependencies: none.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Sandbox network",
    allowedDependencies = {})
package io.parley.sandbox;
