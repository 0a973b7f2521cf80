package app.sukoyaka.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every response, errors and redirects included: no content sniffing, no
 * framing (X-Frame-Options and CSP frame-ancestors), no referrer to other sites, HSTS over TLS
 * ({@link SecurityHeadersConfiguration}) and a Content-Security-Policy. A page that set its own
 * policy (the dashboard's, the app authorization's) keeps it; any other HTML gets a strict one, and
 * everything else a policy that forbids running it as a document at all.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeadersFilter implements Ordered {
  static final String HTML_CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";
  static final String OTHER_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

  private final SecurityHeadersConfiguration config;
  private final boolean publicUrlIsHttps;

  SecurityHeadersFilter(SecurityHeadersConfiguration config, SecurityConfiguration security) {
    this.config = config;
    this.publicUrlIsHttps = security.issuer().startsWith("https://");
  }

  /** Its response part runs after every other filter's (they run in reverse order). */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @ResponseFilter
  void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
    MutableHttpHeaders headers = response.getHeaders();
    setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
    setIfAbsent(headers, "X-Frame-Options", "DENY");
    setIfAbsent(headers, "Referrer-Policy", "no-referrer");
    if (!headers.contains("Content-Security-Policy")) {
      boolean html =
          response
              .getContentType()
              .map(type -> type.getName().equals(MediaType.TEXT_HTML))
              .orElse(false);
      headers.set("Content-Security-Policy", html ? HTML_CSP : OTHER_CSP);
    }
    if (hsts(request)) {
      setIfAbsent(
          headers,
          "Strict-Transport-Security",
          "max-age=" + config.hstsMaxAge().toSeconds() + "; includeSubDomains");
    }
  }

  private boolean hsts(HttpRequest<?> request) {
    return switch (config.hsts()) {
      case ALWAYS -> true;
      case OFF -> false;
      case AUTO ->
          publicUrlIsHttps
              || request.isSecure()
              || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    };
  }

  private static void setIfAbsent(MutableHttpHeaders headers, String name, String value) {
    if (!headers.contains(name)) {
      headers.set(name, value);
    }
  }
}
