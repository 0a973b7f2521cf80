package app.sukoyaka.notice;

import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Online-delivery consent (オンラインでのお知らせへの同意) as a history of decisions per person and municipality:
 * granted or refused by replying to a consent request (with the notice and the version of its
 * text), withdrawn by the guardian. The latest decision holds.
 */
@Singleton
class Consents {
  private final JdbcOperations jdbc;

  Consents(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** One decision. */
  record Decision(String decision, String textVersion, UUID noticeId, Instant decidedAt) {
    boolean granted() {
      return GRANTED.equals(decision);
    }
  }

  static final String GRANTED = "granted";
  static final String REFUSED = "refused";
  static final String WITHDRAWN = "withdrawn";

  /** Every decision of the person in the municipality, newest first. */
  @Transactional(readOnly = true)
  public List<Decision> history(UUID personId, UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT decision, text_version, notice_id, decided_at FROM online_delivery_consent"
            + " WHERE municipality_id = ? AND person_id = ? ORDER BY decided_at DESC, id DESC",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setObject(2, personId);
          List<Decision> decisions = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              decisions.add(
                  new Decision(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getObject(3, UUID.class),
                      rs.getTimestamp(4).toInstant()));
            }
          }
          return decisions;
        });
  }

  Optional<Decision> current(UUID personId, UUID municipalityId) {
    List<Decision> history = history(personId, municipalityId);
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
  }

  /** Records a decision in the caller's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void record(UUID personId, UUID municipalityId, Decision decision) {
    jdbc.prepareStatement(
        "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
            + " text_version, notice_id, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, Ids.newId());
          statement.setObject(2, personId);
          statement.setObject(3, municipalityId);
          statement.setString(4, decision.decision());
          statement.setString(5, decision.textVersion());
          statement.setObject(6, decision.noticeId());
          statement.setTimestamp(7, Timestamp.from(decision.decidedAt()));
          return statement.executeUpdate();
        });
  }

  /**
   * Serialises the person's consent changes (a withdrawal racing a reply) for the rest of the
   * transaction.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void lock(UUID personId) {
    jdbc.prepareStatement(
        "SELECT 1 FROM person WHERE id = ? FOR NO KEY UPDATE",
        statement -> {
          statement.setObject(1, personId);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }
}
