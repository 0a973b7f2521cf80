package app.sukoyaka.immunization.schedule;

/**
 * One thing wrong with a forecast request.
 *
 * @param field the request member, e.g. {@code history[2].dose}
 */
public record InputError(Kind kind, String field, String message) {

  public enum Kind {
    DATE_IN_FUTURE,
    DATE_BEFORE_BIRTH,
    UNKNOWN_VACCINE,
    UNKNOWN_DOSE,
    DOSE_OUT_OF_ORDER,
    UNKNOWN_PRODUCT,
    UNKNOWN_FLAG,
    /** A vaccine a special measure does not cover (rota and the 長期療養特例). */
    NOT_COVERED
  }
}
