package app.sukoyaka.immunization.prescreening;

/** The advice on "this vaccine, today", from least to most serious. */
public enum Outcome {
  /** Due or overdue, and nothing in the answers needs attention. */
  ELIGIBLE("eligible"),
  /** Something in the answers or the forecast needs the doctor's judgement. */
  DOCTOR_MUST_JUDGE("doctor_must_judge"),
  /** A reason not to vaccinate today, with the reason. */
  NOT_TODAY("not_today");

  private final String code;

  Outcome(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  static Outcome ofCode(String code) {
    for (Outcome outcome : values()) {
      if (outcome.code.equals(code)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown outcome " + code);
  }
}
