/**
 * The publishing calendar: scheduled posts with the reason each exists and a guard on the
 * promotional mix. A later wave; the package reserves the module's place in the graph.
 *
 * <p>Allowed dependencies: shared, channels, outbox.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Publishing",
    allowedDependencies = {"shared", "channels", "outbox"})
package io.parley.publishing;
