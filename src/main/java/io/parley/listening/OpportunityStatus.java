package io.parley.listening;

import java.util.Set;

/** Where an opportunity stands: new → engaged → won, lost or ignored. */
public enum OpportunityStatus {
  NEW,
  ENGAGED,
  WON,
  LOST,
  IGNORED;

  /** The statuses this one may change to. A closed opportunity can be reopened as engaged. */
  public Set<OpportunityStatus> next() {
    return switch (this) {
      case NEW -> Set.of(ENGAGED, IGNORED, LOST);
      case ENGAGED -> Set.of(WON, LOST, IGNORED);
      case WON, LOST, IGNORED -> Set.of(ENGAGED);
    };
  }

  public boolean closed() {
    return this == WON || this == LOST || this == IGNORED;
  }
}
