package app.sukoyaka.checkup.handbook;

import app.sukoyaka.security.Role;
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
   *
   * @param reader the role of whoever reads the timeline (the access policy already let them read
   *     the handbooks): a source whose records are the family's own, such as the parents' own
   *     records, shows them to the family only, never to a clinic or the municipality's staff
   */
  List<TimelineEntry> entries(
      List<HandbookSubject> subjects, Role reader, TimelinePosition after, int limit);
}
