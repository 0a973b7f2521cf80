package app.sukoyaka.checkup.handbook;

import java.time.LocalDate;
import java.util.Comparator;

/**
 * A place in a timeline ordered newest first: by date descending, then by key descending (keys are
 * ASCII and compared as bytes, as PostgreSQL compares them under {@code COLLATE "C"}).
 */
public record TimelinePosition(LocalDate date, String key) {
  /** Newest first. */
  public static final Comparator<TimelinePosition> NEWEST_FIRST =
      Comparator.comparing(TimelinePosition::date).thenComparing(TimelinePosition::key).reversed();

  /** Whether {@code other} comes after this position in the timeline (is older). */
  public boolean isBefore(TimelinePosition other) {
    return NEWEST_FIRST.compare(this, other) < 0;
  }
}
