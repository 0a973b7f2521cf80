package app.sukoyaka.municipality;

import app.sukoyaka.profiles.LocalizedText;

/**
 * A column of a {@link DashboardList}.
 *
 * @param key the value's key in each row and the {@code sort} parameter (letters and digits)
 * @param label the heading
 * @param type how values are read and shown
 * @param sortable whether the list can be ordered by it
 */
public record ListColumn(String key, LocalizedText label, Type type, boolean sortable) {
  public ListColumn {
    if (!key.matches("[a-zA-Z][a-zA-Z0-9]*")) {
      throw new IllegalArgumentException("column key " + key);
    }
  }

  /** The kinds of values: text (also codes with labels), whole numbers, days, instants, yes/no. */
  public enum Type {
    TEXT,
    CODE,
    NUMBER,
    DATE,
    INSTANT,
    BOOLEAN
  }
}
