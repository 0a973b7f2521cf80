package app.sukoyaka.municipality.bulk;

import app.sukoyaka.platform.ErrorCode;

/**
 * One problem of one row, as the error report lists it: where (the row as a spreadsheet numbers it,
 * the column by its header), what the cell said, the stable code, and the message in Japanese for
 * staff and in English.
 *
 * @param column the header of the column, or null when the row as a whole is at fault
 * @param value what the cell said, or null
 */
public record RowError(
    int row, String column, String value, ErrorCode code, String messageJa, String messageEn) {

  /** Values are cut in the report; a cell that long is not a value anyway. */
  static final int MAX_VALUE = 200;

  public RowError {
    if (value != null && value.length() > MAX_VALUE) {
      value = value.substring(0, MAX_VALUE) + "…";
    }
  }

  static RowError of(
      int row, ImportMapping.Column column, String value, ErrorCode code, String ja, String en) {
    return new RowError(row, column == null ? null : column.label(), value, code, ja, en);
  }
}
