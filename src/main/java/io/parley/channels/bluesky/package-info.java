/**
 * The Bluesky connector: mentions, replies and quotes in, threaded replies out, over the AT
 * Protocol's XRPC API (PDS for the account's own data, AppView for reads through the PDS or a
 * configured AppView URL), and public posts for listening from the repository firehose ({@link
 * io.parley.channels.bluesky.Firehose}, read with a small DAG-CBOR and CAR reader).
 */
package io.parley.channels.bluesky;
