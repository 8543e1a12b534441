package io.parley.channels;

import io.parley.shared.Network;
import java.time.Instant;

/** A brand's account on one network, as stored. Credentials stay encrypted here. */
public record ChannelAccount(
    long id,
    long workspaceId,
    Network network,
    String handle,
    String displayName,
    String externalId,
    String baseUrl,
    boolean enabled,
    Instant createdAt) {}
