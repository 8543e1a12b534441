package io.parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parley.shared.Network;
import org.junit.jupiter.api.Test;

/** House rules that the compiler and Spring Modulith do not check, each with its reason. */
class ArchitectureRulesTest {

  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parley");

  @Test
  void namesComeFromTheDomain() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Impl")
        .orShould()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .because(
            "a name should say what a thing is in the domain (ReplyDispatcher, ThreadResolver)")
        .check(MAIN);
  }

  @Test
  void onlyChannelsSwitchOnTheNetwork() {
    // A `switch` over an enum compiles to a call of its ordinal(); outside channels, behaviour per
    // network must come from the connector registered for it.
    noClasses()
        .that()
        .resideOutsideOfPackages("io.parley.channels..", "io.parley.shared..")
        .should()
        .callMethod(Network.class, "ordinal")
        .because("connectors are looked up by network type; no switch on network outside channels")
        .check(MAIN);
  }

  @Test
  void timeComesFromTheInjectedClock() {
    noClasses()
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.OffsetDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("tests move an injected Clock instead of sleeping")
        .check(MAIN);
  }

  @Test
  void controllersLiveInTheWebModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.parley.web..")
        .should()
        .beAnnotatedWith(org.springframework.stereotype.Controller.class)
        .orShould()
        .beAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
        .because("every route's authorization rule is kept in one module")
        .check(MAIN);
  }

  @Test
  void theWebModuleGoesThroughModuleApisNotTables() {
    noClasses()
        .that()
        .resideInAPackage("io.parley.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..")
        .because("a module's tables are its own; the web calls its public API")
        .check(MAIN);
  }

  @Test
  void luceneStaysInsideListening() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.parley.listening..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.lucene..")
        .because("Lucene is an implementation detail of the listening matcher")
        .check(MAIN);
  }
}
