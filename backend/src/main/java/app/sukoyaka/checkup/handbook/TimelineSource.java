package app.sukoyaka.checkup.handbook;

import java.util.List;

/**
 * A contribution to the handbook's timeline: one kind of record (clinics' checkups, vaccinations,
 * the parents' own records …). Each source is a bean; the timeline and the home collect every bean
 * of this type, so a new kind of record joins with one class and no change here.
 *
 * <p>A source answers for several handbooks at once, in a bounded number of statements (the home
 * asks for the latest records of all the guardian's handbooks in one call).
 */
public interface TimelineSource {
  /**
   * The handbooks' records older than {@code after} (all when null), newest first, at most {@code
   * limit} per handbook, ordered by {@link TimelinePosition#NEWEST_FIRST}.
   */
  List<TimelineEntry> entries(List<HandbookSubject> subjects, TimelinePosition after, int limit);
}
