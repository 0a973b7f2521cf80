package app.sukoyaka.municipality;

import java.util.List;

/** A page of a {@link DashboardList}'s rows, with how many rows its filters select in all. */
public record ListPage(List<ListRow> rows, long total) {
  public ListPage {
    rows = List.copyOf(rows);
  }
}
