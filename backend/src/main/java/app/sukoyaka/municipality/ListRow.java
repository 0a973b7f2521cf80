package app.sukoyaka.municipality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A row of a {@link DashboardList}.
 *
 * @param itemKey the row's stable key within the list (a checkup's id, a child's id …): the key of
 *     a work-list item's status
 * @param subjectType whose personal data the row shows ("child", "pregnancy", "person"), or null
 *     for a row about no one; the dashboard logs the row as a read of that subject
 * @param subjectId the child's, pregnancy's or person's id
 * @param values the column values by key (null when absent)
 * @param status a work-list item's status ({@code open} when staff set none), null for other lists
 * @param note a work-list item's note, or null
 */
public record ListRow(
    String itemKey,
    String subjectType,
    UUID subjectId,
    UUID municipalityId,
    Map<String, Object> values,
    String status,
    String note) {
  public ListRow {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
