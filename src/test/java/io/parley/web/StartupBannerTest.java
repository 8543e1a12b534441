package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.testing.OnH2;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@OnH2
class StartupBannerTest {

  @Autowired FirstRun firstRun;
  @Autowired StartupBanner banner;

  @Test
  void showsTheUrlAndTheFirstRunLoginWhileItsFileExists() throws Exception {
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    String text = banner.text(8123);
    assertThat(text)
        .contains("http://localhost:8123")
        .contains(login.email())
        .contains(login.password())
        .contains(login.file().toString());
    java.nio.file.Files.delete(login.file());
    assertThat(banner.text(8123)).contains("http://localhost:8123").doesNotContain("password");
  }
}
