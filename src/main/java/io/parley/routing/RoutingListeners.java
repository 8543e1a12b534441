package io.parley.routing;

import io.parley.ingestion.MessageReceived;
import io.parley.triage.MessageTriaged;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Routes each inbound message once its triage is stored ({@link MessageTriaged}); with triage
 * turned off ({@code parley.triage.enabled=false}) as soon as it is received. {@code
 * parley.routing.enabled=false} turns both off: the offline commands ({@code import}, {@code bench
 * ingest}) set it, so imported messages are routed by a running server once its triage backfill has
 * read them.
 */
@Configuration(proxyBeanMethods = false)
class RoutingListeners {

  @Bean
  @ConditionalOnProperty(
      name = "parley.triage.enabled",
      havingValue = "true",
      matchIfMissing = true)
  AfterTriage routeAfterTriage(
      Routing routing, @Value("${parley.routing.enabled:true}") boolean enabled) {
    return new AfterTriage(enabled ? routing : null);
  }

  @Bean
  @ConditionalOnProperty(name = "parley.triage.enabled", havingValue = "false")
  WithoutTriage routeWithoutTriage(
      Routing routing, @Value("${parley.routing.enabled:true}") boolean enabled) {
    return new WithoutTriage(enabled ? routing : null);
  }

  static class AfterTriage {
    private final Routing routing; // null when routing is off

    AfterTriage(Routing routing) {
      this.routing = routing;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessageTriaged event) {
      if (routing != null) {
        routing.route(event.messageId());
      }
    }
  }

  static class WithoutTriage {
    private final Routing routing; // null when routing is off

    WithoutTriage(Routing routing) {
      this.routing = routing;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessageReceived event) {
      if (routing != null) {
        routing.route(event.messageId());
      }
    }
  }
}
