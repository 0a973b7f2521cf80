package app.sukoyaka.family.sharing;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentRows;
import app.sukoyaka.phr.consent.ConsentSource;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Family sharing in the consent register: the inviter agreed to share the chosen children and
 * pregnancies with the other guardian when inviting, the invitee agreed when accepting. Withdrawing
 * either side's consent ends the sharing as the sharing screen does (cancel, revoke or leave), with
 * its event in both guardians' sharing log.
 */
@Singleton
class SharingConsentSource implements ConsentSource {
  static final String KIND = "family-sharing";

  /** What the other guardian reaches: the whole handbook of what is shared. */
  static final List<String> RECORD_KINDS =
      List.of("Patient", "Encounter", "Observation", "QuestionnaireResponse", "Immunization");

  private final JdbcOperations jdbc;
  private final FamilySharing sharing;
  private final java.time.Clock clock;

  SharingConsentSource(JdbcOperations jdbc, FamilySharing sharing, java.time.Clock clock) {
    this.jdbc = jdbc;
    this.sharing = sharing;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  @Transactional(readOnly = true)
  public List<ConsentEntry> ofGuardian(UUID guardianPersonId) {
    // Each side agreed at its own moment, to its own text: the inviter when inviting, the invitee
    // when accepting. A pending invitation ends unless accepted in time; a locked one ended with
    // too many wrong codes.
    return ConsentRows.query(
        jdbc,
        "SELECT i.id, CASE WHEN i.inviter_person_id = ?"
            + "  THEN coalesce(ie.family_name || ' ' || ie.given_name,"
            + "   '招待を受ける方 / the person you invite')"
            + "  ELSE coalesce(ir.family_name || ' ' || ir.given_name,"
            + "   '招待した方 / the person who invited you') END,"
            + " i.child_ids, i.pregnancy_ids,"
            + " CASE WHEN i.inviter_person_id = ? THEN i.inviter_text_version"
            + "  ELSE i.invitee_text_version END,"
            + " CASE WHEN i.inviter_person_id = ? THEN i.created_at ELSE i.accepted_at END"
            + "  AS agreed,"
            + " CASE i.status WHEN 'pending' THEN i.expires_at WHEN 'locked' THEN i.ended_at END,"
            + " CASE WHEN i.status IN ('cancelled', 'revoked', 'left', 'ended') THEN i.ended_at"
            + " END FROM family_invitation i"
            + " LEFT JOIN person ir ON ir.id = i.inviter_person_id"
            + " LEFT JOIN person ie ON ie.id = i.invitee_person_id"
            + " WHERE i.inviter_person_id = ? OR i.invitee_person_id = ?"
            + " ORDER BY agreed DESC, i.id::text",
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
    Optional<String[]> found =
        jdbc.prepareStatement(
            "SELECT i.status, p.login_subject, i.expires_at > ? FROM family_invitation i"
                + " JOIN person p ON p.id = ? WHERE i.id = ?"
                + " AND (i.inviter_person_id = p.id OR i.invitee_person_id = p.id)",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(clock.instant()));
              statement.setObject(2, guardianPersonId);
              statement.setObject(3, id);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? Optional.of(
                        new String[] {
                          rs.getString(1), rs.getString(2), String.valueOf(rs.getBoolean(3))
                        })
                    : Optional.empty();
              }
            });
    if (found.isEmpty()) {
      return false;
    }
    String status = found.get()[0];
    boolean live =
        "accepted".equals(status)
            || ("pending".equals(status) && Boolean.parseBoolean(found.get()[2]));
    if (live && found.get()[1] != null) {
      // The same path as the sharing screen, as the guardian: events, access ends at once.
      sharing.end(new Principal(Role.GUARDIAN, found.get()[1], Set.of(), null, Set.of()), id);
    }
    return true;
  }
}
