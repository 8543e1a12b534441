package io.parley.listening;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;
import org.springframework.context.annotation.Import;

/** Replies to opportunities and the etiquette guard, on both databases. */
class OutreachTest {

  @Nested
  @OnH2
  @Import(OutreachContract.Clocks.class)
  class OnH2Database extends OutreachContract {}

  @Nested
  @OnPostgres
  @Import(OutreachContract.Clocks.class)
  class OnPostgresDatabase extends OutreachContract {}
}
