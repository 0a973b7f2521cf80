package app.sukoyaka.platform.observability;

import io.micronaut.http.HttpRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of an HTTP request: the caller's {@code X-Request-Id} when it is a plain token (a proxy or
 * a clinic system can follow its request through our logs), else a new one. It is in the MDC of
 * every log line written while the request is handled, in the response header and in problem
 * bodies.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";
  static final String ATTRIBUTE = "sukoyaka.requestId";

  // Short and plain: a caller's id must not carry log injection or personal data of any length.
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  private RequestIds() {}

  /** The caller's id if acceptable, else a new random one. */
  public static String choose(String offered) {
    if (offered != null && ACCEPTED.matcher(offered).matches()) {
      return offered;
    }
    return UUID.randomUUID().toString();
  }

  /** The id given to the request by {@link RequestIdFilter}, if it went through it. */
  public static Optional<String> of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, String.class);
  }
}
