package app.sukoyaka.security;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ErrorResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits the login pages per client address and clinics' writes to the FHIR API per clinic ({@link
 * RateLimitConfiguration}) and demo mode's {@code POST /dev/token} per address like the token
 * endpoint; the token endpoint limits itself, as only it reads the client its form names. A refused
 * request gets 429 with Retry-After in its protocol's error: an OperationOutcome (throttled) under
 * {@code /fhir}, else problem+json, which the dashboard shows a browser as its error page.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(RateLimitFilter.ORDER)
class RateLimitFilter {
  /** After authentication (39000) and the dashboard's filter (39100), whose error page it uses. */
  static final int ORDER = 39200;

  /** Demo mode's token minting (only with SUKOYAKA_DEMO). */
  static final String DEMO_TOKEN = "/dev/token";

  private final RateLimiter limiter;
  private final ErrorResponses errors;
  private final HttpClientAddressResolver addresses;

  RateLimitFilter(RateLimiter limiter, ErrorResponses errors, HttpClientAddressResolver addresses) {
    this.limiter = limiter;
    this.errors = errors;
    this.addresses = addresses;
  }

  /**
   * Whether the path is a step of a login: the dashboard's (provider start, callback, demo) or the
   * one a guardian does to authorise an app.
   */
  static boolean login(String path) {
    if (path.startsWith("/dashboard/login/")) {
      return true;
    }
    if (!AuthenticationFilter.appAuthorization(path)) {
      return false;
    }
    return path.startsWith("/oauth2/authorize/login/")
        || path.contains("/login/")
        || path.endsWith("/demo-login");
  }

  @RequestFilter
  @Nullable HttpResponse<?> limit(HttpRequest<?> request) {
    String path = request.getPath();
    if (login(path)) {
      return refusal(
          request,
          limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, addresses.resolve(request)),
          "Too many login attempts from this address.");
    }
    if (request.getMethod() == HttpMethod.POST && path.equals(DEMO_TOKEN)) {
      // Demo mode's token minting is a token endpoint too: the same allowance per address, shared
      // with POST /oauth2/token, so neither is a way round the other.
      return refusal(
          request,
          limiter.acquire(RateLimiter.Limit.TOKEN_PER_ADDRESS, addresses.resolve(request)),
          "Too many token requests from this address.");
    }
    if (request.getMethod() != HttpMethod.GET
        && request.getMethod() != HttpMethod.HEAD
        && (path.equals("/fhir") || path.startsWith("/fhir/"))) {
      Optional<Principal> principal = RequestPrincipals.of(request);
      if (principal.isPresent() && principal.get().role() == Role.CLINIC) {
        return refusal(
            request,
            limiter.acquire(RateLimiter.Limit.INTAKE_PER_CLINIC, principal.get().subject()),
            "Too many submissions from this clinic system.");
      }
    }
    return null;
  }

  /** A plain page in Japanese and English: no template, nothing of the request echoed. */
  static String tooManyLoginsPage(String seconds) {
    return "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
        + "<title>しばらくしてからお試しください</title></head><body>"
        + "<h1>ログインの試行が多すぎます</h1><p>"
        + seconds
        + " 秒ほど待ってから、もう一度お試しください。</p>"
        + "<p lang=\"en\">Too many login attempts. Try again in "
        + seconds
        + " s.</p><p><small>"
        + ErrorCode.RATE_LIMITED.code()
        + "</small></p></body></html>";
  }

  private @Nullable HttpResponse<?> refusal(
      HttpRequest<?> request, Optional<Duration> wait, String detail) {
    if (wait.isEmpty()) {
      return null;
    }
    String seconds = RateLimiter.retryAfter(wait.get());
    if (AuthenticationFilter.appAuthorization(request.getPath())) {
      // The pages where a guardian authorises an app answer a browser only (never the app).
      return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
          .contentType(MediaType.TEXT_HTML_TYPE)
          .header("Retry-After", seconds)
          .header("Cache-Control", "no-store")
          .body(tooManyLoginsPage(seconds));
    }
    return errors
        .render(request, ErrorCode.RATE_LIMITED, detail + " Try again in " + seconds + " s.")
        .header("Retry-After", seconds);
  }
}
