package app.sukoyaka.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** RFC 9457 problem details, with our stable error code. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String code,
    String instance,
    List<ProblemException.FieldError> errors,
    String requestId) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://sukoyaka.app/problems/";

  public static Problem of(
      ErrorCode code, String detail, String instance, List<ProblemException.FieldError> errors) {
    return new Problem(
        TYPE_BASE + code.code(),
        code.title(),
        code.status(),
        detail,
        code.code(),
        instance,
        errors,
        null);
  }

  /** The same problem, naming the request it happened in (its {@code X-Request-Id}). */
  public Problem withRequestId(String id) {
    return new Problem(type, title, status, detail, code, instance, errors, id);
  }
}
