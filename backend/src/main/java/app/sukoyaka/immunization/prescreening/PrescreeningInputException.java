package app.sukoyaka.immunization.prescreening;

import java.util.List;

/** The answers cannot be taken; lists every problem, in the order of the form. */
public final class PrescreeningInputException extends RuntimeException {
  private final List<AnswerError> errors;

  public PrescreeningInputException(List<AnswerError> errors) {
    super(errors.isEmpty() ? "invalid answers" : errors.get(0).message(), null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("An input exception needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<AnswerError> errors() {
    return errors;
  }
}
