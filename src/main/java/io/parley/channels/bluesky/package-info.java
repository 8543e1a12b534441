/**
 * The Bluesky connector: mentions, replies and quotes in, threaded replies out, over the AT
 * Protocol's XRPC API (PDS for the account's own data, AppView for reads through the PDS or a
 * configured AppView URL).
 */
package io.parley.channels.bluesky;
