/**
 * In-app alerts: things the people of a workspace should look at, counted on the bell until read.
 * Raised from other modules' events, e.g. {@link io.parley.channels.ChannelConnectionBroke} (one
 * unread alert per subject).
 *
 * <p>Allowed dependencies: shared, channels.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Alerts",
    allowedDependencies = {"shared", "channels"})
package io.parley.alerts;
