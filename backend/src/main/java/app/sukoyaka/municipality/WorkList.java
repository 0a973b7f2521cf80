package app.sukoyaka.municipality;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
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

  /**
   * What staff can do about a row (mark a contact done, keep one side of a conflict …): the
   * dashboard shows each as a form of its fields, and {@link #act} does it. None by default.
   */
  default List<Action> actions(Row row) {
    return List.of();
  }

  /**
   * Does one of a row's {@link #actions} for a staff member of the municipality, through the same
   * service (checks, access log, transaction) as the API's route for it.
   *
   * @return what was done, to tell staff
   */
  default Text act(Principal principal, String municipalityCode, String rowId, Request request) {
    throw new ProblemException(
        ErrorCode.WORK_LIST_ACTION_UNKNOWN, "This work list offers no action " + request.action());
  }

  /**
   * An action on a row.
   *
   * @param key its name in the form's URL ({@code resolve-keep})
   * @param label the button
   * @param help what it does, in a sentence
   */
  record Action(String key, Text label, Text help, List<Field> fields) {
    public Action {
      if (!key.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException("action key " + key);
      }
      fields = List.copyOf(fields);
    }
  }

  /**
   * A field of an action's form.
   *
   * @param options for {@link FieldType#CHOICE}: the values with their labels
   * @param maxLength for text, at most so many characters; for a file, so many bytes
   */
  record Field(
      String key,
      Text label,
      FieldType type,
      boolean required,
      int maxLength,
      List<Column> options) {
    public Field {
      if (!key.matches("[a-zA-Z][a-zA-Z0-9]*")) {
        throw new IllegalArgumentException("field key " + key);
      }
      options = List.copyOf(options);
    }
  }

  /** How a field is entered: a line of text, one of the options, or a file. */
  enum FieldType {
    TEXT,
    CHOICE,
    FILE
  }

  /**
   * An action asked for, its fields as given (blank ones absent) and the file of a file field.
   *
   * @param file the uploaded file's bytes, or null
   */
  record Request(String action, Map<String, String> values, String fileName, byte[] file) {
    public Request {
      values = Map.copyOf(values);
    }

    public String value(String key) {
      return values.get(key);
    }
  }

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
