/**
 * The connector SPI and everything network-specific: channel accounts with their encrypted
 * credentials, durable fetch cursors, the registry that finds a {@link
 * io.parley.channels.Connector} by {@link io.parley.shared.Network}, and one sub-package per
 * network ({@code sandbox}, later {@code mastodon}, {@code bluesky} ...). Nothing outside this
 * module switches on the network.
 *
 * <p>Allowed dependencies: shared, accounts.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Channels",
    allowedDependencies = {"shared", "accounts"})
package io.parley.channels;
