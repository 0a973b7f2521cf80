package app.sukoyaka.municipality;

import app.sukoyaka.profiles.LocalizedText;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A list the municipal dashboard shows, sorts, pages and exports as CSV: the people behind a figure
 * (a drill-down) or a work list whose items staff follow up with a status. Every bean of this type
 * is collected by injection, so a feature adds its list (transfers' re-query tasks, late
 * registrations, an import's rejected rows …) with one class; the dashboard links it from the work
 * lists page ({@link #workList()}), checks the caller is staff of the municipality, logs every row
 * it shows as a read of its subject, and keeps the status of work-list items.
 *
 * <p>Implementations answer only for the municipality of the query: the dashboard never asks for
 * another one's rows, and a list must not return them.
 */
public interface DashboardList {

  /** The list's id in URLs ({@code /dashboard/lists/{id}}): lower case, digits and dashes. */
  String id();

  LocalizedText title();

  /** What the list holds and why: shown above it. */
  LocalizedText description();

  /** Whether staff give each item a status (open, contacted …): the work lists page shows it. */
  boolean workList();

  /** The columns, in order. */
  List<ListColumn> columns();

  /** The filters the list accepts as query parameters. */
  List<ListFilter> filters();

  /** The column sorted by when the query names none. */
  ListQuery.Sort defaultSort();

  /** One page of rows and the number of rows the filters select. */
  ListPage page(ListQuery query);

  /** Every row the filters select, in the query's order (for the CSV export). */
  void forEach(ListQuery query, Consumer<ListRow> rows);

  /**
   * For a work list: its items by status (items without one are {@code open}), for the dashboard's
   * figure of work lists. Other lists answer an empty map.
   */
  Map<String, Long> countsByStatus(UUID municipalityId, LocalDate today);

  /** For a work list: the item, when it is one of the list's now (staff set statuses of these). */
  java.util.Optional<ListRow> item(UUID municipalityId, LocalDate today, String itemKey);
}
