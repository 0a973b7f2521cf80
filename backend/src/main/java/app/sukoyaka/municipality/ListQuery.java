package app.sukoyaka.municipality;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * What the dashboard asks a {@link DashboardList} for: the municipality's rows on a day, filtered
 * (values already checked against {@link DashboardList#filters()}, defaults applied), sorted and
 * paged.
 */
public record ListQuery(
    UUID municipalityId,
    LocalDate today,
    Map<String, String> filters,
    Sort sort,
    int offset,
    int limit) {
  public ListQuery {
    filters = Map.copyOf(filters);
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    }
  }

  /** The value of a filter, or null. */
  public String filter(String key) {
    return filters.get(key);
  }

  /** A column and direction. */
  public record Sort(String column, boolean descending) {}
}
