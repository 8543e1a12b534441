/**
 * Everything a person or an API client touches: the Thymeleaf + htmx inbox, sign-in and security
 * rules, the REST API and its OpenAPI document. Calls other modules only through their public API.
 *
 * <p>Allowed dependencies: every module's API.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Web",
    allowedDependencies = {
      "shared",
      "accounts",
      "channels",
      "ingestion",
      "conversations",
      "contacts",
      "outbox",
      "triage",
      "alerts",
      "notifications",
      "routing",
      "listening",
      "mail"
    })
package io.parley.web;
