package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import java.util.List;

/** Page parameters of the notice lists: pages from 1, 20 items by default, at most 100. */
record Paging(int page, int size) {
  static final int DEFAULT_SIZE = 20;
  static final int MAX_SIZE = 100;

  static Paging of(Integer page, Integer size) {
    int p = page == null ? 1 : page;
    int s = size == null ? DEFAULT_SIZE : size;
    if (p < 1) {
      throw invalid("page", "from 1");
    }
    if (s < 1 || s > MAX_SIZE) {
      throw invalid("size", "1 to " + MAX_SIZE);
    }
    return new Paging(p, s);
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(
        ErrorCode.INVALID_PARAMETER,
        field + ": " + message + ".",
        List.of(new ProblemException.FieldError(field, message)));
  }
}
