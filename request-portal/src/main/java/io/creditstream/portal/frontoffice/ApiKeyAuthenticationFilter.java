package io.creditstream.portal.frontoffice;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /api/**} requests by their {@code X-API-Key} header as the front office the
 * key belongs to (role FRONT_OFFICE). A missing or unknown key leaves the request anonymous, and
 * the security chain then answers 401. The key itself is never logged nor kept.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  public static final String HEADER = "X-API-Key";

  private final ApiKeys keys;

  public ApiKeyAuthenticationFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    keys.frontOffice(request.getHeader(HEADER))
        .ifPresent(
            name ->
                SecurityContextHolder.getContext()
                    .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(
                            name, null, List.of(new SimpleGrantedAuthority("ROLE_FRONT_OFFICE")))));
    chain.doFilter(request, response);
  }
}
