package io.parley.listening;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one matcher of this node, shared by every workspace's queries and every source. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EtiquetteRules.class)
class ListeningConfiguration {

  @Bean
  QueryMatcher queryMatcher() {
    return new QueryMatcher();
  }
}
