package app.sukoyaka.immunization;

import app.sukoyaka.immunization.prescreening.Answer;
import app.sukoyaka.immunization.prescreening.AnswerCheck;
import app.sukoyaka.immunization.prescreening.Answers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The 予診票 in PostgreSQL: one row per questionnaire with the answers as JSON and as the FHIR
 * QuestionnaireResponse, and one typed row per answer. Writes run in the caller's transaction.
 */
@Singleton
class PrescreeningStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String SELECT =
      "SELECT id, municipality_id, child_id, vaccine, dose_label, planned_date,"
          + " questionnaire_version, answers::text, questionnaire_response::text, status, version,"
          + " answered_by, answered_at, created_at, redeemed_at FROM prescreening";

  private final JdbcOperations jdbc;
  private final AnswerCheck answerCheck;

  PrescreeningStore(JdbcOperations jdbc, AnswerCheck answerCheck) {
    this.jdbc = jdbc;
    this.answerCheck = answerCheck;
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void insert(Prescreening prescreening, String questionnaire) {
    Answers answers = prescreening.answers();
    jdbc.prepareStatement(
        "INSERT INTO prescreening (id, municipality_id, child_id, vaccine, dose_label,"
            + " planned_date, questionnaire, questionnaire_version, answers,"
            + " questionnaire_response, status, version, answered_by, answered_at, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, 'submitted', 1, ?, ?, ?)",
        statement -> {
          statement.setObject(1, prescreening.id());
          statement.setObject(2, prescreening.municipalityId());
          statement.setObject(3, prescreening.childId());
          statement.setString(4, answers.vaccine());
          setNullable(statement, 5, answers.dose());
          statement.setDate(6, Date.valueOf(answers.plannedDate()));
          statement.setString(7, questionnaire);
          statement.setString(8, prescreening.questionnaireVersion());
          statement.setString(9, json(answers));
          statement.setString(10, prescreening.questionnaireResponse());
          statement.setString(11, prescreening.answeredBy());
          statement.setTimestamp(12, Timestamp.from(prescreening.answeredAt()));
          statement.setTimestamp(13, Timestamp.from(prescreening.createdAt()));
          return statement.executeUpdate();
        });
    insertAnswers(prescreening);
  }

  /** Replaces the answers of a questionnaire no clinic has redeemed; the caller locked it. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void replace(Prescreening prescreening) {
    Answers answers = prescreening.answers();
    jdbc.prepareStatement(
        "UPDATE prescreening SET vaccine = ?, dose_label = ?, planned_date = ?,"
            + " questionnaire_version = ?, answers = ?::jsonb, questionnaire_response = ?::jsonb,"
            + " version = ?, answered_by = ?, answered_at = ? WHERE id = ? AND status = 'submitted'",
        statement -> {
          statement.setString(1, answers.vaccine());
          setNullable(statement, 2, answers.dose());
          statement.setDate(3, Date.valueOf(answers.plannedDate()));
          statement.setString(4, prescreening.questionnaireVersion());
          statement.setString(5, json(answers));
          statement.setString(6, prescreening.questionnaireResponse());
          statement.setInt(7, prescreening.version());
          statement.setString(8, prescreening.answeredBy());
          statement.setTimestamp(9, Timestamp.from(prescreening.answeredAt()));
          statement.setObject(10, prescreening.id());
          int updated = statement.executeUpdate();
          if (updated != 1) {
            throw new IllegalStateException("Questionnaire " + prescreening.id() + " not replaced");
          }
          return updated;
        });
    jdbc.prepareStatement(
        "DELETE FROM prescreening_answer WHERE prescreening_id = ?",
        statement -> {
          statement.setObject(1, prescreening.id());
          return statement.executeUpdate();
        });
    insertAnswers(prescreening);
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void markRedeemed(UUID id, Instant at) {
    jdbc.prepareStatement(
        "UPDATE prescreening SET status = 'redeemed', redeemed_at = ?"
            + " WHERE id = ? AND status = 'submitted'",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(at));
          statement.setObject(2, id);
          return statement.executeUpdate();
        });
  }

  /** The questionnaire of that child, locked for the rest of the transaction when asked. */
  @Transactional
  Optional<Prescreening> find(UUID childId, UUID id, boolean lock) {
    return jdbc.prepareStatement(
        SELECT + " WHERE id = ? AND child_id = ?" + (lock ? " FOR UPDATE" : ""),
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, childId);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(prescreening(rs)) : Optional.empty();
          }
        });
  }

  /** Every questionnaire answered for that child, by planned day. */
  @Transactional
  java.util.List<Prescreening> ofChild(UUID childId) {
    return jdbc.prepareStatement(
        SELECT + " WHERE child_id = ? ORDER BY planned_date, created_at, id",
        statement -> {
          statement.setObject(1, childId);
          java.util.List<Prescreening> found = new java.util.ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(prescreening(rs));
            }
          }
          return found;
        });
  }

  private void insertAnswers(Prescreening prescreening) {
    jdbc.prepareStatement(
        "INSERT INTO prescreening_answer (prescreening_id, municipality_id, link_id, ordinal,"
            + " value_type, boolean_value, decimal_value, string_value, date_value)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          for (Answer answer : prescreening.answers().all()) {
            int count = answer.codes().isEmpty() ? 1 : answer.codes().size();
            for (int ordinal = 0; ordinal < count; ordinal++) {
              statement.setObject(1, prescreening.id());
              statement.setObject(2, prescreening.municipalityId());
              statement.setString(3, answer.linkId());
              statement.setShort(4, (short) ordinal);
              statement.setString(5, answer.type().fhirCode());
              statement.setObject(6, answer.bool(), Types.BOOLEAN);
              statement.setBigDecimal(7, answer.number());
              statement.setString(
                  8, answer.codes().isEmpty() ? answer.text() : answer.codes().get(ordinal));
              statement.setDate(9, answer.date() == null ? null : Date.valueOf(answer.date()));
              statement.addBatch();
            }
          }
          return statement.executeBatch();
        });
  }

  private Prescreening prescreening(ResultSet rs) throws SQLException {
    Map<String, Object> stored;
    try {
      stored =
          JSON.readValue(rs.getString(8), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable answers of questionnaire " + rs.getString(1), e);
    }
    Timestamp redeemedAt = rs.getTimestamp(15);
    return new Prescreening(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        answerCheck.restore(rs.getString(4), rs.getString(5), rs.getDate(6).toLocalDate(), stored),
        "redeemed".equals(rs.getString(10)),
        rs.getInt(11),
        rs.getString(7),
        rs.getString(12),
        rs.getTimestamp(13).toInstant(),
        rs.getTimestamp(14).toInstant(),
        redeemedAt == null ? null : redeemedAt.toInstant(),
        rs.getString(9));
  }

  private static String json(Answers answers) {
    Map<String, Object> plain = new LinkedHashMap<>();
    answers.all().forEach(answer -> plain.put(answer.linkId(), answer.plain()));
    try {
      return JSON.writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void setNullable(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }
}
