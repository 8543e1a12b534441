package io.parley;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Spring application: one deployable, modules as top-level packages (see package-info). */
@SpringBootApplication
@EnableScheduling
@Modulithic(sharedModules = "shared")
public class ParleyApplication {}
