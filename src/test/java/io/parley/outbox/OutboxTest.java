package io.parley.outbox;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;
import org.springframework.context.annotation.Import;

/** The outbox contract on both supported databases. */
class OutboxTest {

  @Nested
  @OnH2
  @Import(OutboxContract.Networks.class)
  class OnH2Database extends OutboxContract {}

  @Nested
  @OnPostgres
  @Import(OutboxContract.Networks.class)
  class OnPostgresDatabase extends OutboxContract {}
}
