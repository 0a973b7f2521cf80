package app.sukoyaka.immunization.schedule;

import java.util.List;

/** A request the forecaster cannot answer, with every field that is wrong. */
public final class ForecastInputException extends RuntimeException {
  private final transient List<InputError> errors;

  public ForecastInputException(List<InputError> errors) {
    super(errors.isEmpty() ? "invalid request" : errors.get(0).message(), null, false, false);
    this.errors = List.copyOf(errors);
  }

  public List<InputError> errors() {
    return errors;
  }
}
