package app.sukoyaka.platform.observability;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request its id (see {@link RequestIds}) before anything else runs, so that every log
 * line of the request carries it, and writes one access line per request: method, route template
 * (never the concrete path: it may hold handbook numbers), status and duration. No query string, no
 * header, no body is logged.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RequestIdFilter implements Ordered {
  private static final Logger ACCESS = LoggerFactory.getLogger("app.sukoyaka.access");
  private static final String STARTED = "sukoyaka.requestStarted";

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @RequestFilter
  void assign(HttpRequest<?> request, MutablePropagatedContext context) {
    String requestId = RequestIds.choose(request.getHeaders().get(RequestIds.HEADER));
    request.setAttribute(RequestIds.ATTRIBUTE, requestId);
    request.setAttribute(STARTED, System.nanoTime());
    context.add(new MdcPropagationContext(Map.of(RequestIds.MDC_KEY, requestId)));
  }

  @ResponseFilter
  void answer(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String requestId = RequestIds.of(request).orElse(null);
    if (requestId == null) {
      return;
    }
    response.header(RequestIds.HEADER, requestId);
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
    String route =
        request
            .getAttribute(HttpAttributes.URI_TEMPLATE, String.class)
            .orElse(response.getStatus().getCode() == 404 ? "(no route)" : "(unmatched)");
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      ACCESS.info(
          "{} {} {} {}ms",
          request.getMethodName(),
          route,
          response.getStatus().getCode(),
          (System.nanoTime() - started) / 1_000_000);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }
}
