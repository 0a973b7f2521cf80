package app.sukoyaka.growth;

/** The references are by sex; a child recorded with another or unknown sex has no reference. */
public enum GrowthSex {
  MALE("male"),
  FEMALE("female");

  private final String code;

  GrowthSex(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
