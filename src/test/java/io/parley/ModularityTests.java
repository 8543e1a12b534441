package io.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Verifies the module graph declared in each package-info.java (no cycles, only allowed
 * dependencies, no access to another module's internals) and writes its documentation (PlantUML
 * component diagrams and module canvases) to target/spring-modulith-docs.
 */
class ModularityTests {

  static final ApplicationModules MODULES = ApplicationModules.of(ParleyApplication.class);

  @Test
  void modulesOnlyUseWhatTheyDeclare() {
    MODULES.verify();
  }

  @Test
  void everyModuleDocumentsItsPurpose() throws Exception {
    assertThat(MODULES.stream().map(ApplicationModule::getBasePackage))
        .isNotEmpty()
        .allSatisfy(
            pkg -> {
              Path info =
                  Path.of("src/main/java", pkg.getName().replace('.', '/'), "package-info.java");
              assertThat(info).exists();
              assertThat(Files.readString(info)).contains("Allowed dependencies");
            });
  }

  @Test
  void writesModuleDocumentation() {
    new Documenter(MODULES).writeDocumentation();
    assertThat(Path.of("target/spring-modulith-docs/components.puml")).exists();
  }
}
