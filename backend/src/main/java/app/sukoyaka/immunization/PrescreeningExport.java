package app.sukoyaka.immunization;

import app.sukoyaka.phr.PersonalDataContribution;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The 予診票 the family answered for their children, in their download: one row per answer (a question
 * answered with several choices gives one row each). The FHIR download carries each questionnaire
 * as the QuestionnaireResponse it was stored as.
 */
@Singleton
class PrescreeningExport implements PersonalDataContribution {
  private final JdbcOperations jdbc;

  PrescreeningExport(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String kind() {
    return "prescreenings";
  }

  @Override
  public String description() {
    return "Every answer of the pre-vaccination questionnaires (予診票) you filled in for your"
        + " children, one row each.";
  }

  @Override
  public boolean clinical() {
    return true;
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("prescreening_id", "the questionnaire (FHIR QuestionnaireResponse id)"),
        new Column("child_id", "the child it was filled in for"),
        new Column("vaccine", "the vaccine of the planned vaccination"),
        new Column("dose", "the dose named, when one was (1, 2期, ...)"),
        new Column("planned_date", "the day the vaccination was planned for"),
        new Column("questionnaire", "the questionnaire answered, with its version"),
        new Column("status", "submitted, or redeemed once a clinic read it at the visit"),
        new Column("answered_at", "when the answers were last given"),
        new Column("redeemed_at", "when a clinic read it at the visit"),
        new Column("question", "the question answered (its linkId in the questionnaire)"),
        new Column("ordinal", "0, or the position of a further choice of the same question"),
        new Column("value_type", "boolean, decimal, integer, string, date or choice"),
        new Column("value", "the answer as given (true/false, a number, a text, a day, a code)"));
  }

  @Override
  public List<List<String>> rows(Scope scope) {
    return jdbc.prepareStatement(
        "SELECT p.id, p.child_id, p.vaccine, p.dose_label, p.planned_date, p.questionnaire,"
            + " p.status, p.answered_at, p.redeemed_at, a.link_id, a.ordinal, a.value_type,"
            + " COALESCE(a.boolean_value::text, a.decimal_value::text, a.string_value,"
            + " a.date_value::text)"
            + " FROM prescreening p JOIN prescreening_answer a ON a.prescreening_id = p.id"
            + " WHERE p.child_id = ANY (?)"
            + " ORDER BY p.planned_date, p.id, a.link_id, a.ordinal",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", scope.childIds().toArray()));
          List<List<String>> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              List<String> row = new ArrayList<>();
              for (int c = 1; c <= columns; c++) {
                Object value = rs.getObject(c);
                row.add(
                    value == null
                        ? ""
                        : value instanceof Timestamp t
                            ? t.toInstant().toString()
                            : value.toString());
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }
}
