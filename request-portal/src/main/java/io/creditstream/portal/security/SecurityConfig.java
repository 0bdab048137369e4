package io.creditstream.portal.security;

import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.frontoffice.ApiKeyAuthenticationFilter;
import io.creditstream.portal.frontoffice.ApiKeys;
import io.creditstream.portal.ops.PortalMetrics;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two filter chains. {@code /api/**}: stateless, API key, no CSRF (no cookies are involved, so
 * there is nothing a forged cross-site request could ride on), JSON 401/403. Everything else: the
 * client pages (their credential is checked by the controllers), the auditors' pages behind form
 * login with role AUDITOR and CSRF tokens on every form. Both send the same security headers.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

  /**
   * Scripts and styles only from this origin (no inline script anywhere). Inline style
   * <em>attributes</em> are allowed because ECharts writes its tooltips as HTML with style
   * attributes; they cannot run code.
   */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none';"
          + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Bean
  @Order(1)
  SecurityFilterChain apiChain(HttpSecurity http, ApiKeys keys) throws Exception {
    http.securityMatcher("/api/**")
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a.anyRequest().hasRole("FRONT_OFFICE"))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (req, res, ex) ->
                            json(res, 401, "unauthorized", "a valid X-API-Key header is required"))
                    .accessDeniedHandler(
                        (req, res, ex) -> json(res, 403, "forbidden", "not allowed")))
        .headers(SecurityConfig::headers);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain webChain(
      HttpSecurity http, SigninThrottle throttle, PortalMetrics metrics, Clock clock)
      throws Exception {
    SigninAudit signins = new SigninAudit(throttle, metrics, clock);
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/audit/**")
                    .hasRole("AUDITOR")
                    .requestMatchers(
                        "/",
                        "/login",
                        "/error",
                        "/c/**",
                        "/client/api/**",
                        "/css/**",
                        "/js/**",
                        "/webjars/**",
                        "/favicon.ico",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/v3/api-docs.yaml",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/actuator/health",
                        "/actuator/health/**",
                        // Scraped by Prometheus (the chart's ServiceMonitor): counts and timings,
                        // no
                        // client data.
                        "/actuator/prometheus")
                    .permitAll()
                    // Any other address is nobody's: it answers 404 (a mistyped client link must
                    // not land on the auditors' sign-in). Nothing else is mapped outside /audit.
                    .anyRequest()
                    .permitAll())
        .addFilterBefore(signins.gate(), UsernamePasswordAuthenticationFilter.class)
        .formLogin(
            f ->
                f.loginPage("/login")
                    .successHandler(signins.success())
                    .failureHandler(signins.failure())
                    .permitAll())
        .logout(l -> l.logoutSuccessUrl("/login?logout"))
        .httpBasic(b -> b.disable())
        .headers(SecurityConfig::headers)
        .csrf(Customizer.withDefaults());
    return http.build();
  }

  static void headers(HeadersConfigurer<HttpSecurity> h) {
    h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
        .frameOptions(f -> f.deny())
        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
        .contentTypeOptions(Customizer.withDefaults());
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  /** The auditors from configuration; their passwords are configured as BCrypt hashes only. */
  @Bean
  UserDetailsService auditors(PortalProperties properties) {
    List<UserDetails> users =
        properties.auditors().stream()
            .map(
                a ->
                    User.withUsername(a.username())
                        .password(a.passwordBcrypt())
                        .roles("AUDITOR")
                        .build())
            .toList();
    return new InMemoryUserDetailsManager(users);
  }

  private static void json(HttpServletResponse res, int status, String code, String message)
      throws java.io.IOException {
    res.setStatus(status);
    res.setContentType(MediaType.APPLICATION_JSON_VALUE);
    res.getWriter()
        .write("{\"error\":\"" + code + "\",\"message\":\"" + message + "\",\"fieldErrors\":[]}");
  }
}
