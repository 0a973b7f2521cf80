package app.sukoyaka.growth;

/** What a growth reference measures, with the name its data files use. */
public enum GrowthMeasure {
  WEIGHT("weight", "kg"),
  /** Length lying down to 24 months, height standing from then on. */
  LENGTH_HEIGHT("length-height", "cm"),
  HEAD_CIRCUMFERENCE("head-circumference", "cm");

  private final String code;
  private final String unit;

  GrowthMeasure(String code, String unit) {
    this.code = code;
    this.unit = unit;
  }

  public String code() {
    return code;
  }

  public String unit() {
    return unit;
  }
}
