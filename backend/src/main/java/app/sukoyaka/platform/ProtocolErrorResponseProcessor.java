package app.sukoyaka.platform;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors raised by the framework itself (unknown route, wrong method or media type, body too large,
 * unconvertible path parameter, unhandled exception) in the protocol of the request, with a stable
 * code and never a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
class ProtocolErrorResponseProcessor implements ErrorResponseProcessor<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolErrorResponseProcessor.class);
  private final ErrorResponses responses;

  ProtocolErrorResponseProcessor(ErrorResponses responses) {
    this.responses = responses;
  }

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<Object> processResponse(
      ErrorContext context, MutableHttpResponse<?> baseResponse) {
    int status = baseResponse.code();
    ErrorCode code =
        switch (status) {
          case 400 -> ErrorCode.INVALID_PARAMETER;
          case 401 -> ErrorCode.AUTHENTICATION_REQUIRED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.ROUTE_NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 406 -> ErrorCode.NOT_ACCEPTABLE;
          case 413 -> ErrorCode.REQUEST_TOO_LARGE;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
          default -> ErrorCode.INTERNAL;
        };
    String detail = null;
    if (code == ErrorCode.INVALID_PARAMETER) {
      // A JSON body the framework could not read: say so with a code of its own rather than the
      // parser's message, which names internal classes and limits.
      Throwable cause = context.getRootCause().orElse(null);
      JsonLimits.Fault checked = checkedFault(cause);
      ErrorCode json = jsonFault(cause);
      if (checked != null) {
        // Refused by the checks of the body reader (CheckedJsonMapper), in their own words.
        code = checked.code();
        detail = checked.detail();
      } else if (json != null) {
        code = json;
        detail =
            json == ErrorCode.REQUEST_JSON_LIMIT
                ? "A number, name or string of the body is longer than the parser accepts."
                : "The body is not well-formed JSON.";
      }
    }
    if (code == ErrorCode.INTERNAL
        && context
            .getRootCause()
            .map(ProtocolErrorResponseProcessor::unstorableText)
            .orElse(false)) {
      // PostgreSQL refuses a NUL character in text, whatever field or format brought it; the
      // statement failed, so its transaction stored nothing.
      code = ErrorCode.REQUEST_TEXT_NOT_STORABLE;
      detail = "A text of the request holds the character U+0000, which cannot be stored.";
    }
    boolean outage =
        code == ErrorCode.INTERNAL
            && context.getRootCause().map(DatabaseOutage::isCause).orElse(false);
    if (outage) {
      // Not a fault of the request: the caller may send it again once the database is back.
      code = ErrorCode.DATABASE_UNAVAILABLE;
      LOG.warn(
          "Database unavailable on {} {}: {}",
          context.getRequest().getMethod(),
          context.getRequest().getPath(),
          context.getRootCause().map(Throwable::toString).orElse(""));
    }
    if (detail != null) {
      // decided above
    } else if (outage) {
      detail = code.title();
    } else if (code == ErrorCode.INTERNAL) {
      context
          .getRootCause()
          .ifPresent(
              cause ->
                  LOG.error(
                      "Unhandled error on {} {}",
                      context.getRequest().getMethod(),
                      context.getRequest().getPath(),
                      cause));
      detail = "The request could not be completed; it has been logged.";
    } else {
      detail =
          context.getErrors().isEmpty() ? code.title() : context.getErrors().get(0).getMessage();
    }
    MutableHttpResponse<?> rendered = responses.render(context.getRequest(), code, detail);
    baseResponse
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (name.equalsIgnoreCase("Allow")) {
                values.forEach(value -> rendered.header(name, value));
              }
            });
    if (outage) {
      rendered.header("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
    }
    return (MutableHttpResponse<Object>) rendered;
  }

  /** Whether the database refused a text for a character its encoding cannot hold. */
  static boolean unstorableText(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /** The refusal of a body by the checks of its reader, or null. */
  static JsonLimits.Fault checkedFault(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CheckedJsonMapper.BodyFault fault) {
        return fault.fault();
      }
    }
    return null;
  }

  /** Whether a cause is the JSON parser's refusal of a body, and which. */
  static ErrorCode jsonFault(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
        return ErrorCode.REQUEST_JSON_LIMIT;
      }
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return ErrorCode.REQUEST_MALFORMED_JSON;
      }
    }
    return null;
  }
}
