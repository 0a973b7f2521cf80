package app.sukoyaka.family.sharing;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentSource;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    return jdbc.prepareStatement(
        "SELECT i.id, i.inviter_person_id = ?, i.status, i.child_ids, i.pregnancy_ids,"
            + " i.created_at, i.expires_at, i.accepted_at, i.ended_at, i.inviter_text_version,"
            + " i.invitee_text_version, ir.family_name || ' ' || ir.given_name,"
            + " ie.family_name || ' ' || ie.given_name FROM family_invitation i"
            + " LEFT JOIN person ir ON ir.id = i.inviter_person_id"
            + " LEFT JOIN person ie ON ie.id = i.invitee_person_id"
            + " WHERE i.inviter_person_id = ? OR i.invitee_person_id = ?",
        statement -> {
          statement.setObject(1, guardianPersonId);
          statement.setObject(2, guardianPersonId);
          statement.setObject(3, guardianPersonId);
          List<ConsentEntry> entries = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              entries.add(entry(rs));
            }
          }
          entries.sort(
              java.util.Comparator.comparing(ConsentEntry::agreedAt)
                  .reversed()
                  .thenComparing(ConsentEntry::id));
          return entries;
        });
  }

  private static ConsentEntry entry(ResultSet rs) throws SQLException {
    boolean inviter = rs.getBoolean(2);
    String status = rs.getString(3);
    Instant created = instant(rs.getTimestamp(6));
    Instant expires = instant(rs.getTimestamp(7));
    Instant accepted = instant(rs.getTimestamp(8));
    Instant ended = instant(rs.getTimestamp(9));
    String recipient =
        inviter
            ? Optional.ofNullable(rs.getString(13)).orElse("招待を受ける方 / the person you invite")
            : Optional.ofNullable(rs.getString(12)).orElse("招待した方 / the person who invited you");
    return new ConsentEntry(
        KIND,
        rs.getObject(1, UUID.class).toString(),
        recipient,
        uuids(rs.getArray(4)),
        uuids(rs.getArray(5)),
        RECORD_KINDS,
        inviter ? rs.getString(10) : rs.getString(11),
        inviter ? created : accepted,
        // Pending: it ends unless accepted in time; locked: ended by too many wrong codes.
        "pending".equals(status) ? expires : "locked".equals(status) ? ended : null,
        Set.of("cancelled", "revoked", "left", "ended").contains(status) ? ended : null);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static List<UUID> uuids(java.sql.Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
  }

  @Override
  @Transactional
  public boolean withdraw(UUID guardianPersonId, String consentId) {
    UUID id;
    try {
      id = UUID.fromString(consentId);
    } catch (IllegalArgumentException e) {
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
