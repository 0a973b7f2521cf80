package app.sukoyaka.municipality;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A list of work for a municipality's staff — whom to re-query, which changes to decide, whom to
 * tell of a correction, which vaccinations are late to be registered — with what it is and why (its
 * definition, shown with it), its columns, and its rows for a municipality on a day. Every list is
 * a bean, found by {@link WorkLists}, which checks that the caller is staff of the municipality,
 * logs the children the rows show, and renders any list as JSON or CSV: the dashboard shows them
 * all the same way. Implementations only read.
 */
public interface WorkList {

  /** The list's stable name, as in its URL: {@code transfer-requeries}. */
  String name();

  /** Its title, in Japanese and English. */
  Text title();

  /** What is on it, from which rule and source, and what staff do about a row. */
  Text definition();

  /** The columns, in order; every row has a cell (maybe null) for each. */
  List<Column> columns();

  /** The states a row can be in, in the order the work goes. */
  List<Column> statuses();

  /** The rows of the municipality's list on that day, most urgent first. */
  List<Row> rows(UUID municipalityId, LocalDate today);

  /** A text in Japanese (the original) and English. */
  record Text(String ja, String en) {
    public Text {
      Objects.requireNonNull(ja, "ja");
      Objects.requireNonNull(en, "en");
    }
  }

  /** A column (or a status) by its key, with its label. */
  record Column(String key, Text label) {}

  /**
   * One row.
   *
   * @param id the id of the item the row is about (a transfer, a contact, a record)
   * @param childId the child the row is about, logged as read when the list is; null if none
   * @param status one of the list's {@link #statuses()}
   * @param cells the row's values by column key, as text; null where there is none
   */
  record Row(String id, UUID childId, String status, Map<String, String> cells) {
    public Row {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
      cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }
  }
}
