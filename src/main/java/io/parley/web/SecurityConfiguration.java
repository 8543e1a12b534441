package io.parley.web;

import io.parley.accounts.ApiTokens;
import io.parley.accounts.Users;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may see what. Two filter chains: the JSON API (API token, HTTP Basic or session; answers 401
 * with a problem body) and everything else (form login with the custom page; API tokens are not
 * accepted there, so a leaked token cannot open the inbox pages). Everything requires a signed-in
 * user except the login page, static assets, the error page and the health probe.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

  /** Who may use a route. Every mapped route has one (RouteRulesTest); the rest is denied. */
  enum Rule {
    PUBLIC,
    SIGNED_IN,
    /** admins, managers and agents: may reply and change conversations */
    WRITER,
    /** admins and managers: teams and their channel accounts */
    MANAGER,
    ADMIN
  }

  /** A path pattern (and method, null for any) with its rule. The first match applies. */
  record Route(HttpMethod method, String pattern, Rule rule) {}

  /**
   * The rules for every route, in order. Conversation routes need a signed-in person here; whether
   * that person may see the conversation (team, workspace) is checked by {@link Access}.
   */
  static final List<Route> ROUTES =
      List.of(
          new Route(null, "/login", Rule.PUBLIC),
          new Route(null, "/invite/*", Rule.PUBLIC),
          new Route(null, "/css/**", Rule.PUBLIC),
          new Route(null, "/js/**", Rule.PUBLIC),
          new Route(null, "/img/**", Rule.PUBLIC),
          new Route(null, "/webjars/**", Rule.PUBLIC),
          new Route(null, "/favicon.ico", Rule.PUBLIC),
          new Route(null, "/error", Rule.PUBLIC),
          new Route(HttpMethod.GET, "/actuator/health", Rule.PUBLIC),
          new Route(HttpMethod.GET, "/actuator/health/**", Rule.PUBLIC),
          new Route(HttpMethod.GET, "/actuator/**", Rule.ADMIN),
          new Route(HttpMethod.GET, "/", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/inbox", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/inbox/**", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/inbox/bulk", Rule.WRITER),
          // saved views are personal: viewers may keep some too
          new Route(HttpMethod.POST, "/inbox/views", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/inbox/views/*/delete", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/events", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/conversations/**", Rule.SIGNED_IN),
          // Viewers are seen reading a thread too; typing needs a writer (checked in the handler).
          new Route(HttpMethod.POST, "/conversations/*/presence", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/conversations/**", Rule.WRITER),
          new Route(HttpMethod.GET, "/saved-replies", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/saved-replies/**", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/saved-replies", Rule.WRITER),
          new Route(HttpMethod.POST, "/saved-replies/**", Rule.WRITER),
          new Route(HttpMethod.GET, "/account", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/account/password", Rule.SIGNED_IN),
          // which of one's own notifications come by email
          new Route(HttpMethod.POST, "/account/notifications", Rule.SIGNED_IN),
          // Viewers may script reads too; revoking someone else's token is checked by ApiTokens.
          new Route(HttpMethod.POST, "/account/tokens", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/account/tokens/*/revoke", Rule.SIGNED_IN),
          // Connection health: everyone who works the inbox (the broken-connection banner links
          // here).
          new Route(HttpMethod.GET, "/settings/channels/health", Rule.WRITER),
          new Route(HttpMethod.POST, "/settings/channels/health/alerts/read", Rule.WRITER),
          new Route(null, "/settings/webhooks", Rule.ADMIN),
          new Route(null, "/settings/webhooks/**", Rule.ADMIN),
          // Each person's own notifications (the controller only ever reads the signed-in one's).
          new Route(HttpMethod.GET, "/notifications", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/notifications/bell", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/notifications/read", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/notifications/*/open", Rule.SIGNED_IN),
          new Route(null, "/settings/routing", Rule.MANAGER),
          new Route(null, "/settings/routing/**", Rule.MANAGER),
          new Route(null, "/settings/sla", Rule.MANAGER),
          new Route(null, "/settings/sla/**", Rule.MANAGER),
          new Route(HttpMethod.GET, "/reports/sla", Rule.MANAGER),
          new Route(HttpMethod.GET, "/settings/triage/corrections.csv", Rule.MANAGER),
          new Route(null, "/settings/channels", Rule.MANAGER),
          new Route(null, "/settings/channels/**", Rule.MANAGER),
          new Route(null, "/admin/teams", Rule.MANAGER),
          new Route(null, "/admin/teams/**", Rule.MANAGER),
          new Route(null, "/admin/**", Rule.ADMIN),
          // Listening: everyone reads; agents and up work opportunities; managers and admins
          // manage queries and the editor's live test (the controller checks the current role too,
          // and only managers may override the etiquette guard).
          new Route(HttpMethod.GET, "/listening", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/listening/**", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/listening/opportunities/**", Rule.WRITER),
          new Route(HttpMethod.POST, "/listening/**", Rule.MANAGER),
          new Route(HttpMethod.GET, "/api/docs", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/api/docs/**", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/api/swagger-ui/**", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/api/openapi", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/api/openapi/**", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/api/openapi.yaml", Rule.SIGNED_IN),
          new Route(HttpMethod.GET, "/api/v1/**", Rule.SIGNED_IN),
          new Route(HttpMethod.POST, "/api/v1/conversations/*/replies", Rule.WRITER));

  /** Paths anyone may request. */
  static final String[] PUBLIC_PATHS =
      ROUTES.stream()
          .filter(r -> r.rule() == Rule.PUBLIC)
          .map(Route::pattern)
          .toArray(String[]::new);

  // Scripts only from this origin: no inline script, no eval, no inline event handlers.
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  // Swagger UI sets style attributes from its bundle; scripts stay locked down there too.
  static final String DOCS_CSP =
      CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

  private static final LoginUrlAuthenticationEntryPoint LOGIN =
      new LoginUrlAuthenticationEntryPoint("/login");

  /**
   * The one way to sign in. Declaring the manager keeps Spring Boot from adding its default
   * in-memory user, and keeps each attempt from being checked (and counted) twice.
   */
  @Bean
  AuthenticationManager authenticationManager(
      Users users, PasswordEncoder passwords, LoginThrottle throttle) {
    return new ProviderManager(new ThrottledSignIn(users, passwords, throttle));
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, AuthenticationManager signIn, ApiTokens tokens)
      throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) ->
            problem(
                response,
                401,
                "Sign in required",
                "Send an API token (Authorization: Bearer pat_...), or use HTTP Basic or a session.",
                List.of("Basic realm=\"Parley\"", "Bearer realm=\"Parley\""));
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problem(
                response,
                403,
                "Forbidden",
                "Missing or invalid CSRF token, or no access.",
                List.of());
    http.securityMatcher("/api/v1/**")
        .authenticationManager(signIn)
        .addFilterBefore(bearerTokens(tokens), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(SecurityConfiguration::rules)
        .httpBasic(b -> b.authenticationEntryPoint(unauthorized))
        .csrf(c -> c.requireCsrfProtectionMatcher(SecurityConfiguration::apiNeedsCsrf))
        // Nobody is sent back to an API call after signing in: keeping it would only open a
        // session for every unauthenticated call.
        .requestCache(c -> c.disable())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    headers(http);
    return http.build();
  }

  /**
   * Signs in requests that bring {@code Authorization: Bearer}. The sign-in lasts for the request
   * only (the filter keeps it in a request attribute, never in a session). A bad token ends the
   * request with 401; it does not fall back to anonymous, so a script learns its token is wrong.
   */
  private static AuthenticationFilter bearerTokens(ApiTokens tokens) {
    var filter =
        new AuthenticationFilter(
            new ProviderManager(new BearerSignIn(tokens)), BearerSignIn::fromRequest);
    filter.setFailureHandler(
        new AuthenticationEntryPointFailureHandler(
            (request, response, e) ->
                problem(
                    response,
                    401,
                    "Invalid API token",
                    "The API token is unknown, revoked or expired. Create a new one under Your"
                        + " account.",
                    List.of("Bearer realm=\"Parley\", error=\"invalid_token\""))));
    // The default success handler redirects like a form login; an API call just goes on.
    filter.setSuccessHandler(
        new AuthenticationSuccessHandler() {
          @Override
          public void onAuthenticationSuccess(
              HttpServletRequest request,
              HttpServletResponse response,
              FilterChain chain,
              Authentication authentication)
              throws IOException, ServletException {
            chain.doFilter(request, response);
          }

          @Override
          public void onAuthenticationSuccess(
              HttpServletRequest request,
              HttpServletResponse response,
              Authentication authentication) {}
        });
    return filter;
  }

  @Bean
  @Order(2)
  SecurityFilterChain web(HttpSecurity http, AuthenticationManager signIn) throws Exception {
    AuthenticationFailureHandler failure =
        (request, response, e) ->
            response.sendRedirect(
                request.getContextPath()
                    + (e instanceof LockedException ? "/login?locked" : "/login?error"));
    http.authenticationManager(signIn)
        .authorizeHttpRequests(SecurityConfiguration::rules)
        .formLogin(
            f ->
                f.loginPage("/login")
                    .usernameParameter("email")
                    .passwordParameter("password")
                    .defaultSuccessUrl("/inbox", false)
                    .failureHandler(failure)
                    .permitAll())
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .exceptionHandling(e -> e.authenticationEntryPoint(SecurityConfiguration::toLogin));
    headers(http);
    return http.build();
  }

  /** {@link #ROUTES} in order; anything not listed is denied. */
  private static void rules(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
    for (Route route : ROUTES) {
      var matched =
          route.method() == null
              ? a.requestMatchers(route.pattern())
              : a.requestMatchers(route.method(), route.pattern());
      switch (route.rule()) {
        case PUBLIC -> matched.permitAll();
        case SIGNED_IN -> matched.authenticated();
        case WRITER -> matched.hasAnyRole("ADMIN", "MANAGER", "AGENT");
        case MANAGER -> matched.hasAnyRole("ADMIN", "MANAGER");
        case ADMIN -> matched.hasRole("ADMIN");
      }
    }
    a.anyRequest().denyAll();
  }

  private static void headers(HttpSecurity http) throws Exception {
    RequestMatcher docs =
        request -> {
          String path = request.getRequestURI().substring(request.getContextPath().length());
          return path.startsWith("/api/swagger-ui") || path.startsWith("/api/docs");
        };
    http.headers(
        h ->
            h.frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .addHeaderWriter(
                    new DelegatingRequestMatcherHeaderWriter(
                        docs, new StaticHeadersWriter("Content-Security-Policy", DOCS_CSP)))
                .addHeaderWriter(
                    new DelegatingRequestMatcherHeaderWriter(
                        request -> !docs.matches(request),
                        new StaticHeadersWriter("Content-Security-Policy", CSP)))
                .addHeaderWriter(
                    new StaticHeadersWriter(
                        "Permissions-Policy", "camera=(), microphone=(), geolocation=()")));
  }

  /**
   * Browser calls to the API ride on the session cookie and need the CSRF token like any form. A
   * call that brings its own Basic credentials and no session cannot be forged by another site, nor
   * can one with a bearer token (another site cannot set the Authorization header, and the token,
   * not the cookie, decides who is signed in).
   */
  private static boolean apiNeedsCsrf(HttpServletRequest request) {
    if (!CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)) {
      return false;
    }
    String auth = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    boolean basic = auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6);
    return !(basic && request.getSession(false) == null);
  }

  /**
   * Not signed in: browsers go to the login page. An htmx poll from an expired session gets 401
   * with HX-Redirect so the whole page goes there, not just the fragment.
   */
  private static void toLogin(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, ServletException {
    if (request.getHeader("HX-Request") != null) {
      response.setStatus(401);
      response.setHeader("HX-Redirect", request.getContextPath() + "/login");
      return;
    }
    LOGIN.commence(request, response, e);
  }

  /** A problem document; the texts are constants (nothing from the request is echoed). */
  private static void problem(
      HttpServletResponse response,
      int status,
      String title,
      String detail,
      List<String> challenges)
      throws IOException {
    response.setStatus(status);
    for (String challenge : challenges) {
      response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\"}");
  }
}
