package app.sukoyaka.platform.i18n;

import java.util.Objects;

/**
 * How one reader reads the texts of a response: in which language, with which calendar.
 *
 * @param calendarChosen whether the guardian chose the calendar (else it is the language's default)
 */
public record Reader(Language language, CalendarSystem calendar, boolean calendarChosen) {
  public static final Reader JAPANESE = of(Language.JA);

  public Reader {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(calendar, "calendar");
  }

  /** A reader of that language with its default calendar. */
  public static Reader of(Language language) {
    return new Reader(language, CalendarSystem.defaultFor(language), false);
  }

  /** How this reader's Japanese texts are written: in Japanese, with the reader's calendar. */
  public Reader japaneseText() {
    return new Reader(Language.JA, calendar, calendarChosen);
  }

  /** The same reader in another language: a calendar they chose stays, a default follows. */
  public Reader in(Language other) {
    return calendarChosen ? new Reader(other, calendar, true) : of(other);
  }
}
