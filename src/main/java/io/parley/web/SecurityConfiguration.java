package io.parley.web;

import io.parley.accounts.Users;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may see what. Two filter chains: the JSON API (session or HTTP Basic, answers 401 with a
 * problem body) and everything else (form login with the custom page). Everything requires a
 * signed-in user except the login page, static assets, the error page and the health probe.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

  /** Paths anyone may request. The handler-mapping test checks every other route needs login. */
  static final String[] PUBLIC_PATHS = {
    "/login",
    "/css/**",
    "/js/**",
    "/img/**",
    "/webjars/**",
    "/favicon.ico",
    "/error",
    "/actuator/health",
    "/actuator/health/**"
  };

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
  SecurityFilterChain api(HttpSecurity http, AuthenticationManager signIn) throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) ->
            problem(response, 401, "Sign in required", "Use a session or HTTP Basic.", true);
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problem(
                response, 403, "Forbidden", "Missing or invalid CSRF token, or no access.", false);
    http.securityMatcher("/api/v1/**")
        .authenticationManager(signIn)
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .httpBasic(b -> b.authenticationEntryPoint(unauthorized))
        .csrf(c -> c.requireCsrfProtectionMatcher(SecurityConfiguration::apiNeedsCsrf))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    headers(http);
    return http.build();
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
        .authorizeHttpRequests(
            a -> a.requestMatchers(PUBLIC_PATHS).permitAll().anyRequest().authenticated())
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
   * call that brings its own Basic credentials and no session cannot be forged by another site.
   */
  private static boolean apiNeedsCsrf(HttpServletRequest request) {
    if (!CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)) {
      return false;
    }
    String auth = request.getHeader(HttpHeaders.AUTHORIZATION);
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

  private static void problem(
      HttpServletResponse response, int status, String title, String detail, boolean challenge)
      throws IOException {
    response.setStatus(status);
    if (challenge) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Parley\"");
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
