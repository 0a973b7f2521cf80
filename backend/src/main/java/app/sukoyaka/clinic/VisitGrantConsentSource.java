package app.sukoyaka.clinic;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentRows;
import app.sukoyaka.phr.consent.ConsentSource;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

/**
 * The visit QR codes in the consent register: issuing a code for a child's 予診票 is the guardian's
 * consent that the clinic that scans it reads the 予診票 until the code expires and records the
 * child's vaccination for the grant's lifetime. The recipient is the clinic once one scanned the
 * code; the consent ends by itself when the grant (or, unscanned, the code) runs out. Withdrawing
 * it refuses the code from then on and ends the clinic's grant at once ({@link VisitTokens#holds}).
 */
@Singleton
class VisitGrantConsentSource implements ConsentSource {
  static final String KIND = VisitTokens.CONSENT_KIND;

  /** What the clinic reaches: the 予診票 and the records it is read with, and the dose it records. */
  static final List<String> RECORD_KINDS =
      List.of("Patient", "QuestionnaireResponse", "Immunization");

  static final String NOT_SCANNED = "QRコードを読み取る医療機関 / the clinic that scans the code";

  private final JdbcOperations jdbc;
  private final VisitTokens tokens;

  VisitGrantConsentSource(JdbcOperations jdbc, VisitTokens tokens) {
    this.jdbc = jdbc;
    this.tokens = tokens;
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
        "SELECT t.id, coalesce(f.name, '"
            + NOT_SCANNED
            + "'), ARRAY[t.child_id],"
            + " ARRAY[]::uuid[], t.consent_text_version, t.issued_at,"
            + " coalesce(t.grant_expires_at, t.expires_at), t.withdrawn_at"
            + " FROM person p JOIN visit_token t ON t.issued_by = p.login_subject"
            + " LEFT JOIN facility f ON f.id = t.redeemed_by_facility"
            + " WHERE p.id = ? ORDER BY t.issued_at DESC, t.id DESC",
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
    String subject =
        jdbc.prepareStatement(
            "SELECT login_subject FROM person WHERE id = ?",
            statement -> {
              statement.setObject(1, guardianPersonId);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
              }
            });
    return subject != null && tokens.withdraw(subject, id);
  }
}
