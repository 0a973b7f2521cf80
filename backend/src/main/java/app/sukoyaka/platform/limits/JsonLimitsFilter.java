package app.sukoyaka.platform.limits;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ErrorResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.CloseableAvailableByteBody;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Refuses a JSON body (REST or FHIR) nested deeper or holding a longer string than {@link
 * RequestLimitsConfiguration} allows, before a controller parses it: in the protocol of the request
 * (problem+json or an OperationOutcome) with a stable code, never a parser's stack overflow or a
 * validator's minutes on a pathological body. The body's size is limited before this, by {@code
 * max-request-buffer-size} (413, SKY-0006). Other bodies (forms, CSV, PDF, multipart) pass as they
 * are: their own readers limit them.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class JsonLimitsFilter implements Ordered {
  private final RequestLimitsConfiguration limits;
  private final ErrorResponses responses;

  JsonLimitsFilter(RequestLimitsConfiguration limits, ErrorResponses responses) {
    this.limits = limits;
    this.responses = responses;
  }

  @Override
  public int getOrder() {
    // Right after the request id, so refusals carry it; and before the framework's own (legacy)
    // filters, whose chain does not take a method filter that waits for the body after them.
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }

  @RequestFilter
  CompletableFuture<@Nullable HttpResponse<?>> check(HttpRequest<?> request) {
    if (!isJson(request) || !(request instanceof ServerHttpRequest<?> server)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<HttpResponse<?>> answer =
        server
            .byteBody()
            .split()
            .buffer()
            .<HttpResponse<?>>thenApply(
                body -> {
                  try (CloseableAvailableByteBody copy = body) {
                    return refusal(request, copy.toByteArray());
                  }
                });
    // A body that cannot be buffered (beyond max-request-buffer-size) is refused by the route's
    // own reading of it, with 413.
    return answer.exceptionally(unreadable -> null);
  }

  private HttpResponse<?> refusal(HttpRequest<?> request, byte[] body) {
    switch (JsonShape.check(body, limits.maxNestingDepth(), limits.maxStringLength())) {
      case NESTING:
        return responses.render(
            request,
            ErrorCode.REQUEST_NESTED_TOO_DEEP,
            "The body nests objects and arrays deeper than "
                + limits.maxNestingDepth()
                + " levels.");
      case STRING:
        return responses.render(
            request,
            ErrorCode.REQUEST_STRING_TOO_LONG,
            "The body holds a string longer than " + limits.maxStringLength() + " characters.");
      default:
        return null;
    }
  }

  private static boolean isJson(HttpRequest<?> request) {
    return request
        .getContentType()
        .map(MediaType::getSubtype)
        .map(subtype -> subtype.toLowerCase(Locale.ROOT))
        .filter(subtype -> subtype.equals("json") || subtype.endsWith("+json"))
        .isPresent();
  }
}
