package app.sukoyaka.family.records;

import app.sukoyaka.phr.PersonalDataContribution;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The parents' own records in the guardian's download of all their data. */
@Singleton
class OwnRecordExport implements PersonalDataContribution {
  private final JdbcOperations jdbc;

  OwnRecordExport(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String kind() {
    return "own-records";
  }

  @Override
  public String description() {
    return "What you and the other guardian recorded yourselves: measurements at home, milestones,"
        + " the handbook's questions, the diary and the family's columns (deleted ones are not"
        + " included).";
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("id", "the record's id"),
        new Column("record", "child or pregnancy"),
        new Column("record_id", "the child's or pregnancy's id"),
        new Column(
            "kind",
            "measurement, milestone, handbook-answer, diary or family-note (the family's columns)"),
        new Column("item", "what was recorded (own-record-items: body-weight, neck-control …)"),
        new Column("date", "the day it is about"),
        new Column("value", "a measurement's value"),
        new Column("unit", "its unit (UCUM: kg, cm)"),
        new Column("answer", "a milestone's or question's answer code"),
        new Column("text", "the words written"),
        new Column("author", "who the words are by (mother, father, family …)"),
        new Column("version", "how many times it was saved"),
        new Column("created_at", "when it was first saved"),
        new Column("updated_at", "when it was last changed"));
  }

  @Override
  public List<List<String>> rows(Scope scope) {
    UUID[] children = scope.childIds().toArray(UUID[]::new);
    UUID[] pregnancies = scope.pregnancyIds().toArray(UUID[]::new);
    if (children.length == 0 && pregnancies.length == 0) {
      return List.of();
    }
    return jdbc.prepareStatement(
        "SELECT id, CASE WHEN child_id IS NULL THEN 'pregnancy' ELSE 'child' END,"
            + " COALESCE(child_id, pregnancy_id), kind, item_code, recorded_on, quantity_value,"
            + " quantity_unit, answer_code, text_value, author, version, created_at, updated_at"
            + " FROM parent_record WHERE (child_id = ANY (?) OR pregnancy_id = ANY (?))"
            + " AND deleted_at IS NULL ORDER BY recorded_on, created_at, id",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", children));
          statement.setArray(2, statement.getConnection().createArrayOf("uuid", pregnancies));
          List<List<String>> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              List<String> row = new ArrayList<>();
              for (int i = 1; i <= 14; i++) {
                Object value = rs.getObject(i);
                if (value instanceof Timestamp timestamp) {
                  row.add(timestamp.toInstant().toString());
                } else if (value instanceof BigDecimal decimal) {
                  row.add(decimal.toPlainString());
                } else {
                  row.add(value == null ? "" : value.toString());
                }
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }
}
