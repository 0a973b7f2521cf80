package app.sukoyaka.immunization.schedule;

/** The state of one dose, as the forecast API names it. */
public enum Status {
  /** Before the legal earliest age, or before the standard start of an age-defined dose. */
  NOT_YET("not_yet"),
  /** Can be given now, within the standard period. */
  DUE("due"),
  /** Past the standard period, still inside the legal routine window. */
  OVERDUE("overdue"),
  /** A minimum interval (same series, or between live injectable vaccines) is not yet over. */
  TOO_SOON("too_soon"),
  /** Already given. */
  COMPLETE("complete"),
  /** Cannot be given as 定期接種 (任意接種 at own cost may remain possible). */
  INELIGIBLE("ineligible");

  private final String code;

  Status(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
