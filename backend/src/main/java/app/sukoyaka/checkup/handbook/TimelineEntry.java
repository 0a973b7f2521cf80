package app.sukoyaka.checkup.handbook;

import java.time.LocalDate;
import java.util.UUID;

/**
 * One record of a handbook as the timeline lists it: a summary with a link to its detail.
 *
 * @param kind what the timeline calls it: checkup, screening, delivery, care, immunization, or a
 *     contribution's own kind (a parent's record)
 * @param code the record's own kind within that (the checkup kind, the vaccine kind …), or null
 * @param key orders records of the same day and names the position of a page's end: unique within
 *     the handbook, ASCII, compared as bytes ({@code checkup:<uuid>}, {@code immunization:<uuid>})
 * @param judgement the record's most attention-needing judgement, or null when it has none
 * @param source {@code clinic}, {@code municipality} or {@code parent}
 * @param followUp {@code open} or {@code closed} when the record led to a 精密健康診査, else null
 * @param link the API path of the record's detail
 */
public record TimelineEntry(
    String subjectType,
    UUID subjectId,
    String kind,
    String code,
    LocalDate date,
    String key,
    HandbookTexts.Text title,
    Judgement judgement,
    String source,
    String followUp,
    String link) {

  /** A judgement of a record: the answer, its label, and how much attention it needs. */
  public record Judgement(
      String item,
      String code,
      HandbookTexts.Text label,
      HandbookTexts.Level level,
      HandbookTexts.Text explanation) {}

  /** The entry's place in the timeline: newer date first, then greater key first. */
  public TimelinePosition position() {
    return new TimelinePosition(date, key);
  }
}
