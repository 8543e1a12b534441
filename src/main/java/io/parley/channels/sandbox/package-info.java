/**
 * The connector for the built-in sandbox network, plus the start-up provisioning that points the
 * demo workspace's {@code northwind} channel account at the running sandbox. Uses the sandbox only
 * through its HTTP API.
 */
package io.parley.channels.sandbox;
