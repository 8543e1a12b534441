package io.parley.ingestion;

import io.parley.shared.Network;

/** File layouts {@code parley import} reads (see docs/import.md). */
public enum ImportFormat {
  /** The public "Customer Support on Twitter" CSV layout. Always X. */
  TWCS(Network.X),
  /** Parley's network-neutral layout: one JSON object per line. */
  JSONL(null);

  private final Network impliedNetwork;

  ImportFormat(Network impliedNetwork) {
    this.impliedNetwork = impliedNetwork;
  }

  /** The network the format itself implies, or null when the records say. */
  public Network impliedNetwork() {
    return impliedNetwork;
  }
}
