package app.sukoyaka.notice;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentRows;
import app.sukoyaka.phr.consent.ConsentSource;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Online delivery of notices in the consent register: every "yes" the guardian gave to a
 * municipality's consent request, with the version of the request's text. A yes holds until the
 * guardian's next decision in that municipality (a withdrawal, a changed reply to no, or a newer
 * yes, which is a consent of its own). Withdrawing the one that holds records a withdrawal as the
 * inbox's own withdrawal does: official notices sent from then on go on paper.
 */
@Singleton
class OnlineDeliveryConsentSource implements ConsentSource {
  static final String KIND = "online-delivery";

  private final JdbcOperations jdbc;
  private final Consents consents;
  private final Clock clock;

  OnlineDeliveryConsentSource(JdbcOperations jdbc, Consents consents, Clock clock) {
    this.jdbc = jdbc;
    this.consents = consents;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  @Transactional(readOnly = true)
  public List<ConsentEntry> ofGuardian(UUID guardianPersonId) {
    return ConsentRows.query(
        jdbc,
        "SELECT c.id, m.name_ja, ARRAY[]::uuid[], ARRAY[]::uuid[], c.text_version, c.decided_at,"
            + " NULL::timestamptz,"
            + " (SELECT min(n.decided_at) FROM online_delivery_consent n"
            + "   WHERE n.person_id = c.person_id AND n.municipality_id = c.municipality_id"
            + "   AND (n.decided_at, n.id) > (c.decided_at, c.id))"
            + " FROM online_delivery_consent c JOIN municipality m ON m.id = c.municipality_id"
            + " WHERE c.person_id = ? AND c.decision = 'granted'"
            + " ORDER BY c.decided_at DESC, c.id DESC",
        guardianPersonId,
        KIND,
        List.of());
  }

  private record Granted(UUID municipalityId, Instant decidedAt) {}

  @Override
  @Transactional
  public boolean withdraw(UUID guardianPersonId, String consentId) {
    UUID id = ConsentRows.uuid(consentId).orElse(null);
    if (id == null) {
      return false;
    }
    Optional<Granted> granted =
        jdbc.prepareStatement(
            "SELECT municipality_id, decided_at FROM online_delivery_consent"
                + " WHERE id = ? AND person_id = ? AND decision = 'granted'",
            statement -> {
              statement.setObject(1, id);
              statement.setObject(2, guardianPersonId);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? Optional.of(
                        new Granted(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                    : Optional.empty();
              }
            });
    if (granted.isEmpty()) {
      return false;
    }
    consents.lock(guardianPersonId);
    boolean holds =
        jdbc.prepareStatement(
            "SELECT id = ? FROM online_delivery_consent WHERE person_id = ?"
                + " AND municipality_id = ? ORDER BY decided_at DESC, id DESC LIMIT 1",
            statement -> {
              statement.setObject(1, id);
              statement.setObject(2, guardianPersonId);
              statement.setObject(3, granted.get().municipalityId());
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
              }
            });
    if (holds) {
      Consents.Decision current =
          consents.current(guardianPersonId, granted.get().municipalityId()).orElseThrow();
      consents.record(
          guardianPersonId,
          granted.get().municipalityId(),
          new Consents.Decision(
              Consents.WITHDRAWN, current.textVersion(), current.noticeId(), clock.instant()));
    }
    return true;
  }
}
