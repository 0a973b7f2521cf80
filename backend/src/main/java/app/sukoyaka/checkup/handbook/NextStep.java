package app.sukoyaka.checkup.handbook;

import java.time.LocalDate;
import java.util.UUID;

/**
 * One thing that is next for a pregnancy or a child: a vaccination due, an infant checkup whose
 * time has come, the next 妊婦健診.
 *
 * @param source the contribution it came from ({@code vaccination}, {@code infant-checkup} …)
 * @param code what it is within its source (the vaccine and dose, the checkup kind, the visit), so
 *     that the app can tell the same step apart from one day to the next
 * @param status {@code overdue}, {@code due} or {@code upcoming}
 * @param from the first day it applies (the window opens, the dose becomes due)
 * @param until the last day it applies, or null when its source gives none
 * @param link the API path where the app reads more about it
 */
public record NextStep(
    String subjectType,
    UUID subjectId,
    String source,
    String code,
    String status,
    LocalDate from,
    LocalDate until,
    HandbookTexts.Text title,
    String link) {
  public static final String OVERDUE = "overdue";
  public static final String DUE = "due";
  public static final String UPCOMING = "upcoming";

  /** Overdue first, then due, then upcoming. */
  int urgency() {
    return switch (status) {
      case OVERDUE -> 0;
      case DUE -> 1;
      default -> 2;
    };
  }
}
