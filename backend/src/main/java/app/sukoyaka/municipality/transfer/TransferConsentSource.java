package app.sukoyaka.municipality.transfer;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentRows;
import app.sukoyaka.phr.consent.ConsentSource;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A family's own download brought into their child's handbook here, in the consent register: the
 * guardian agreed that the records are added and seen by this municipality's staff. The import
 * itself happened at once; withdrawing the consent afterwards is recorded on the import at once
 * (the register and the FHIR Consent show it withdrawn) and, as the text says, staff then decide
 * whether to verify or remove the records it brought, which stay unverified until they do.
 */
@Singleton
class TransferConsentSource implements ConsentSource {
  static final String KIND = "transfer-in";
  static final List<String> RECORD_KINDS = List.of("Encounter", "Observation", "Immunization");

  private final JdbcOperations jdbc;
  private final Clock clock;

  TransferConsentSource(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
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
        "SELECT i.id, m.name_ja, ARRAY[t.child_id], ARRAY[]::uuid[], i.consent_text_version,"
            + " i.consent_at, NULL::timestamptz, i.consent_withdrawn_at FROM person p"
            + " JOIN transfer_import i ON i.imported_by = 'guardian:' || p.login_subject"
            + "  AND i.brought_by = 'family'"
            + " JOIN transfer_in t ON t.id = i.transfer_id"
            + " JOIN municipality m ON m.id = i.municipality_id"
            + " WHERE p.id = ? ORDER BY i.consent_at DESC, i.id DESC",
        guardianPersonId,
        KIND,
        RECORD_KINDS);
  }

  @Override
  @Transactional
  public boolean withdraw(UUID guardianPersonId, String consentId) {
    UUID id = ConsentRows.uuid(consentId).orElse(null);
    if (id == null) {
      return false;
    }
    Boolean found =
        jdbc.prepareStatement(
            "SELECT 1 FROM transfer_import i JOIN person p"
                + " ON i.imported_by = 'guardian:' || p.login_subject"
                + " WHERE p.id = ? AND i.id = ? AND i.brought_by = 'family' FOR UPDATE OF i",
            statement -> {
              statement.setObject(1, guardianPersonId);
              statement.setObject(2, id);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
              }
            });
    if (!found) {
      return false;
    }
    jdbc.prepareStatement(
        "UPDATE transfer_import SET consent_withdrawn_at = ?"
            + " WHERE id = ? AND consent_withdrawn_at IS NULL",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(clock.instant()));
          statement.setObject(2, id);
          return statement.executeUpdate();
        });
    return true;
  }
}
