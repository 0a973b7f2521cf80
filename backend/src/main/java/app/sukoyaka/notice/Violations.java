package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a request, each with its error code, so that one answer names every
 * rejected member; the first one found decides the code of the answer.
 */
final class Violations {
  private record Violation(ErrorCode code, String field, String message) {}

  private final List<Violation> found = new ArrayList<>();

  void add(ErrorCode code, String field, String message) {
    found.add(new Violation(code, field, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws when anything was found. */
  void throwIfAny() {
    if (found.isEmpty()) {
      return;
    }
    Violation first = found.get(0);
    throw new ProblemException(
        first.code(),
        first.field() + ": " + first.message(),
        found.stream().map(v -> new ProblemException.FieldError(v.field(), v.message())).toList());
  }
}
