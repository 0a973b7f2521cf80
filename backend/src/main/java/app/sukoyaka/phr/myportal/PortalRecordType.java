package app.sukoyaka.phr.myportal;

/** The kinds of records the link retrieves, each from its own API of the portal. */
public enum PortalRecordType {
  INFANT_CHECKUP("infant-checkup", "infant-checkups"),
  PRENATAL_CHECKUP("prenatal-checkup", "prenatal-checkups"),
  IMMUNIZATION("immunization", "immunizations");

  private final String code;
  private final String path;

  PortalRecordType(String code, String path) {
    this.code = code;
    this.path = path;
  }

  /** As stored and as the API names it. */
  public String code() {
    return code;
  }

  /** The portal API's path segment for this kind. */
  public String path() {
    return path;
  }

  public static PortalRecordType ofCode(String code) {
    for (PortalRecordType type : values()) {
      if (type.code.equals(code)) {
        return type;
      }
    }
    throw new IllegalArgumentException("Unknown portal record type " + code);
  }
}
