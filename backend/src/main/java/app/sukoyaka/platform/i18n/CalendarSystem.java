package app.sukoyaka.platform.i18n;

import java.util.Optional;

/**
 * How dates are written in the texts the server makes for a guardian: with the Japanese era
 * (令和7年5月1日), as Japanese forms and the paper handbook write them, or in the Gregorian calendar.
 */
public enum CalendarSystem {
  GREGORIAN("gregorian"),
  JAPANESE("japanese");

  private final String code;

  CalendarSystem(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Japanese readers see the era, as on their forms; everyone else the Gregorian year. */
  public static CalendarSystem defaultFor(Language language) {
    return language == Language.JA ? JAPANESE : GREGORIAN;
  }

  public static Optional<CalendarSystem> ofCode(String code) {
    for (CalendarSystem calendar : values()) {
      if (calendar.code.equals(code)) {
        return Optional.of(calendar);
      }
    }
    return Optional.empty();
  }
}
