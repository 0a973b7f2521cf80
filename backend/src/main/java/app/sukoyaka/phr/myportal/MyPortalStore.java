package app.sukoyaka.phr.myportal;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The link's tables (V0031, V0032). Callers hold the transaction. */
@Singleton
class MyPortalStore {
  private static final String LINK_COLUMNS =
      "id, municipality_id, person_id, login_subject, child_ids, pregnancy_ids, scope,"
          + " text_version, created_at, expires_at, ended_at, ended_reason, revoked_at_portal,"
          + " last_import_at, last_import::text, last_import_error";

  private final JdbcOperations jdbc;

  MyPortalStore(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** An authorisation the guardian started, not yet redeemed. */
  record Authorisation(
      String stateSha256,
      UUID municipalityId,
      UUID personId,
      String loginSubject,
      List<UUID> childIds,
      List<UUID> pregnancyIds,
      String sealedVerifier,
      String textVersion,
      Instant createdAt,
      Instant expiresAt,
      Instant usedAt) {}

  /** The sealed tokens of a link. */
  record SealedTokens(String accessToken, Instant accessExpiresAt, String refreshToken) {}

  void insertAuthorisation(Authorisation a) {
    jdbc.prepareStatement(
        "INSERT INTO my_portal_authorisation (state_sha256, municipality_id, person_id,"
            + " login_subject, child_ids, pregnancy_ids, code_verifier, text_version, created_at,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, a.stateSha256());
          s.setObject(2, a.municipalityId());
          s.setObject(3, a.personId());
          s.setString(4, a.loginSubject());
          s.setArray(5, uuids(s.getConnection(), a.childIds()));
          s.setArray(6, uuids(s.getConnection(), a.pregnancyIds()));
          s.setString(7, a.sealedVerifier());
          s.setString(8, a.textVersion());
          s.setTimestamp(9, Timestamp.from(a.createdAt()));
          s.setTimestamp(10, Timestamp.from(a.expiresAt()));
          return s.executeUpdate();
        });
  }

  /**
   * Marks the authorisation used, whatever comes of it, and returns it as it was; empty when there
   * is none with that state. Locked, so two callbacks with one state cannot both redeem it.
   */
  Optional<Authorisation> redeem(String stateSha256, Instant now) {
    Optional<Authorisation> found =
        jdbc.prepareStatement(
            "SELECT state_sha256, municipality_id, person_id, login_subject, child_ids,"
                + " pregnancy_ids, code_verifier, text_version, created_at, expires_at, used_at"
                + " FROM my_portal_authorisation WHERE state_sha256 = ? FOR UPDATE",
            s -> {
              s.setString(1, stateSha256);
              try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                  return Optional.<Authorisation>empty();
                }
                return Optional.of(
                    new Authorisation(
                        rs.getString(1),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        uuidList(rs.getArray(5)),
                        uuidList(rs.getArray(6)),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant(),
                        instant(rs.getTimestamp(11))));
              }
            });
    if (found.isPresent() && found.get().usedAt() == null) {
      jdbc.prepareStatement(
          "UPDATE my_portal_authorisation SET used_at = ?, code_verifier = '' WHERE state_sha256 = ?",
          s -> {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, stateSha256);
            return s.executeUpdate();
          });
    }
    return found;
  }

  void insertLink(MyPortalLink link, SealedTokens tokens) {
    jdbc.prepareStatement(
        "INSERT INTO my_portal_link (id, municipality_id, person_id, login_subject, child_ids,"
            + " pregnancy_ids, scope, text_version, access_token, access_expires_at,"
            + " refresh_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setObject(1, link.id());
          s.setObject(2, link.municipalityId());
          s.setObject(3, link.personId());
          s.setString(4, link.loginSubject());
          s.setArray(5, uuids(s.getConnection(), link.childIds()));
          s.setArray(6, uuids(s.getConnection(), link.pregnancyIds()));
          s.setString(7, link.scope());
          s.setString(8, link.textVersion());
          s.setString(9, tokens.accessToken());
          s.setTimestamp(10, Timestamp.from(tokens.accessExpiresAt()));
          s.setString(11, tokens.refreshToken());
          s.setTimestamp(12, Timestamp.from(link.createdAt()));
          s.setTimestamp(13, Timestamp.from(link.expiresAt()));
          return s.executeUpdate();
        });
  }

  List<MyPortalLink> linksOf(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT "
            + LINK_COLUMNS
            + " FROM my_portal_link WHERE person_id = ?"
            + " ORDER BY created_at DESC, id",
        s -> {
          s.setObject(1, personId);
          return links(s);
        });
  }

  /** The link, locked for this transaction when {@code lock}. */
  Optional<MyPortalLink> link(UUID id, boolean lock) {
    return jdbc.prepareStatement(
        "SELECT "
            + LINK_COLUMNS
            + " FROM my_portal_link WHERE id = ?"
            + (lock ? " FOR UPDATE" : ""),
        s -> {
          s.setObject(1, id);
          List<MyPortalLink> found = links(s);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  Optional<SealedTokens> tokens(UUID linkId) {
    return jdbc.prepareStatement(
        "SELECT access_token, access_expires_at, refresh_token FROM my_portal_link WHERE id = ?"
            + " AND access_token IS NOT NULL",
        s -> {
          s.setObject(1, linkId);
          try (ResultSet rs = s.executeQuery()) {
            return rs.next()
                ? Optional.of(
                    new SealedTokens(
                        rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                : Optional.empty();
          }
        });
  }

  void updateTokens(UUID linkId, SealedTokens tokens) {
    jdbc.prepareStatement(
        "UPDATE my_portal_link SET access_token = ?, access_expires_at = ?, refresh_token = ?"
            + " WHERE id = ? AND ended_at IS NULL",
        s -> {
          s.setString(1, tokens.accessToken());
          s.setTimestamp(2, Timestamp.from(tokens.accessExpiresAt()));
          s.setString(3, tokens.refreshToken());
          s.setObject(4, linkId);
          return s.executeUpdate();
        });
  }

  /** Ends the link and forgets its tokens; false when it had ended already. */
  boolean end(UUID linkId, Instant at, String reason, Boolean revokedAtPortal) {
    return jdbc.prepareStatement(
            "UPDATE my_portal_link SET ended_at = ?, ended_reason = ?, revoked_at_portal = ?,"
                + " access_token = NULL, access_expires_at = NULL, refresh_token = NULL"
                + " WHERE id = ? AND ended_at IS NULL",
            s -> {
              s.setTimestamp(1, Timestamp.from(at));
              s.setString(2, reason);
              if (revokedAtPortal == null) {
                s.setNull(3, Types.BOOLEAN);
              } else {
                s.setBoolean(3, revokedAtPortal);
              }
              s.setObject(4, linkId);
              return s.executeUpdate();
            })
        == 1;
  }

  void importDone(UUID linkId, Instant at, String countsJson, String error) {
    jdbc.prepareStatement(
        "UPDATE my_portal_link SET last_import_at = ?, last_import = ?::jsonb,"
            + " last_import_error = ? WHERE id = ?",
        s -> {
          s.setTimestamp(1, Timestamp.from(at));
          s.setString(2, countsJson);
          s.setString(3, error);
          s.setObject(4, linkId);
          return s.executeUpdate();
        });
  }

  // --- Provenance and conflicts ---------------------------------------------------------------

  /** Where one of the portal's records went. */
  record Provenance(
      String portalRecordId,
      PortalRecordType type,
      UUID childId,
      UUID pregnancyId,
      String outcome,
      UUID localId,
      String contentSha256) {}

  Map<String, Provenance> provenance(PortalRecordType type, List<String> portalRecordIds) {
    if (portalRecordIds.isEmpty()) {
      return Map.of();
    }
    return jdbc.prepareStatement(
        "SELECT portal_record_id, child_id, pregnancy_id, outcome, local_id, content_sha256"
            + " FROM my_portal_record WHERE record_type = ? AND portal_record_id = ANY (?)",
        s -> {
          s.setString(1, type.code());
          s.setArray(2, s.getConnection().createArrayOf("text", portalRecordIds.toArray()));
          Map<String, Provenance> found = new HashMap<>();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              found.put(
                  rs.getString(1),
                  new Provenance(
                      rs.getString(1),
                      type,
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getString(4),
                      rs.getObject(5, UUID.class),
                      rs.getString(6)));
            }
          }
          return found;
        });
  }

  void insertProvenance(
      Provenance p,
      UUID municipalityId,
      UUID linkId,
      JsonNode content,
      String mappingVersion,
      Instant at) {
    jdbc.prepareStatement(
        "INSERT INTO my_portal_record (portal_record_id, record_type, municipality_id, link_id,"
            + " child_id, pregnancy_id, outcome, local_id, content_sha256, content,"
            + " mapping_version, retrieved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
        s -> {
          s.setString(1, p.portalRecordId());
          s.setString(2, p.type().code());
          s.setObject(3, municipalityId);
          s.setObject(4, linkId);
          s.setObject(5, p.childId());
          s.setObject(6, p.pregnancyId());
          s.setString(7, p.outcome());
          s.setObject(8, p.localId());
          s.setString(9, p.contentSha256());
          s.setString(10, content.toString());
          s.setString(11, mappingVersion);
          s.setTimestamp(12, Timestamp.from(at));
          return s.executeUpdate();
        });
  }

  /** The portal changed a record it had sent: its new content, and what it now is to ours. */
  void updateProvenance(Provenance p, JsonNode content, String mappingVersion, Instant at) {
    jdbc.prepareStatement(
        "UPDATE my_portal_record SET outcome = ?, content_sha256 = ?,"
            + " content = ?::jsonb, mapping_version = ?, retrieved_at = ?"
            + " WHERE record_type = ? AND portal_record_id = ?",
        s -> {
          s.setString(1, p.outcome());
          s.setString(2, p.contentSha256());
          s.setString(3, content.toString());
          s.setString(4, mappingVersion);
          s.setTimestamp(5, Timestamp.from(at));
          s.setString(6, p.type().code());
          s.setString(7, p.portalRecordId());
          return s.executeUpdate();
        });
  }

  /** A conflict to list. */
  record NewConflict(
      UUID id,
      UUID municipalityId,
      UUID linkId,
      UUID personId,
      UUID childId,
      UUID pregnancyId,
      PortalRecordType type,
      String portalRecordId,
      UUID localId,
      java.time.LocalDate recordDate,
      String description,
      JsonNode ours,
      JsonNode theirs,
      String theirsSha256,
      JsonNode differences,
      Instant createdAt) {}

  void insertConflict(NewConflict c) {
    // An earlier open conflict of the same record is superseded by the newer content.
    jdbc.prepareStatement(
        "UPDATE my_portal_conflict SET status = 'superseded' WHERE record_type = ?"
            + " AND portal_record_id = ? AND status = 'open'",
        s -> {
          s.setString(1, c.type().code());
          s.setString(2, c.portalRecordId());
          return s.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO my_portal_conflict (id, municipality_id, link_id, person_id, child_id,"
            + " pregnancy_id, record_type, portal_record_id, local_id, record_date, description,"
            + " ours, theirs, theirs_sha256, differences, created_at) VALUES (?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?)"
            // A settled conflict stays as it was settled (V0042: the index leaves it out); the
            // same difference found again after it is a new conflict.
            + " ON CONFLICT (record_type, portal_record_id, theirs_sha256)"
            + " WHERE status <> 'settled' DO UPDATE SET status = 'open'",
        s -> {
          s.setObject(1, c.id());
          s.setObject(2, c.municipalityId());
          s.setObject(3, c.linkId());
          s.setObject(4, c.personId());
          s.setObject(5, c.childId());
          s.setObject(6, c.pregnancyId());
          s.setString(7, c.type().code());
          s.setString(8, c.portalRecordId());
          s.setObject(9, c.localId());
          s.setObject(10, c.recordDate());
          s.setString(11, c.description());
          s.setString(12, c.ours().toString());
          s.setString(13, c.theirs().toString());
          s.setString(14, c.theirsSha256());
          s.setString(15, c.differences().toString());
          s.setTimestamp(16, Timestamp.from(c.createdAt()));
          return s.executeUpdate();
        });
  }

  /** A conflict as settled: what was found, and its state. */
  record Conflict(
      UUID id,
      UUID municipalityId,
      UUID personId,
      UUID childId,
      UUID pregnancyId,
      PortalRecordType type,
      String portalRecordId,
      UUID localId,
      String ours,
      String theirs,
      String differences,
      String status) {}

  Optional<Conflict> conflict(UUID id, boolean forUpdate) {
    return jdbc.prepareStatement(
        "SELECT id, municipality_id, person_id, child_id, pregnancy_id, record_type,"
            + " portal_record_id, local_id, ours::text, theirs::text, differences::text, status"
            + " FROM my_portal_conflict WHERE id = ?"
            + (forUpdate ? " FOR UPDATE" : ""),
        s -> {
          s.setObject(1, id);
          try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new Conflict(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getObject(3, UUID.class),
                    rs.getObject(4, UUID.class),
                    rs.getObject(5, UUID.class),
                    PortalRecordType.ofCode(rs.getString(6)),
                    rs.getString(7),
                    rs.getObject(8, UUID.class),
                    rs.getString(9),
                    rs.getString(10),
                    rs.getString(11),
                    rs.getString(12)));
          }
        });
  }

  /** Settles an open conflict: the choice, who made it and when, and the values it replaced. */
  void settle(UUID id, String settlement, String by, String byRole, Instant at, JsonNode replaced) {
    jdbc.prepareStatement(
        "UPDATE my_portal_conflict SET status = 'settled', settlement = ?, settled_by = ?,"
            + " settled_by_role = ?, settled_at = ?, replaced = ?::jsonb"
            + " WHERE id = ? AND status = 'open'",
        s -> {
          s.setString(1, settlement);
          s.setString(2, by);
          s.setString(3, byRole);
          s.setTimestamp(4, Timestamp.from(at));
          s.setString(5, replaced == null ? null : replaced.toString());
          s.setObject(6, id);
          return s.executeUpdate();
        });
  }

  /** What a record of the portal now is to ours (after a conflict about it was settled). */
  void provenanceOutcome(PortalRecordType type, String portalRecordId, String outcome) {
    jdbc.prepareStatement(
        "UPDATE my_portal_record SET outcome = ? WHERE record_type = ? AND portal_record_id = ?",
        s -> {
          s.setString(1, outcome);
          s.setString(2, type.code());
          s.setString(3, portalRecordId);
          return s.executeUpdate();
        });
  }

  /** An open conflict as listed. */
  record OpenConflict(
      UUID id,
      UUID municipalityId,
      UUID linkId,
      UUID childId,
      UUID pregnancyId,
      String subjectName,
      PortalRecordType type,
      String portalRecordId,
      UUID localId,
      java.time.LocalDate recordDate,
      String description,
      String ours,
      String theirs,
      String differences,
      Instant createdAt) {}

  private static final String CONFLICT_SELECT =
      "SELECT k.id, k.municipality_id, k.link_id, k.child_id, k.pregnancy_id,"
          + " COALESCE(NULLIF(concat_ws(' ', c.family_name, c.given_name), ''),"
          + " concat_ws(' ', p.family_name, p.given_name)), k.record_type, k.portal_record_id,"
          + " k.local_id, k.record_date, k.description, k.ours::text, k.theirs::text,"
          + " k.differences::text, k.created_at FROM my_portal_conflict k"
          + " LEFT JOIN child c ON c.id = k.child_id JOIN person p ON p.id = k.person_id";

  List<OpenConflict> openConflictsOfPerson(UUID personId) {
    return jdbc.prepareStatement(
        CONFLICT_SELECT
            + " WHERE k.person_id = ? AND k.status = 'open' ORDER BY k.record_date, k.id",
        s -> {
          s.setObject(1, personId);
          return conflicts(s);
        });
  }

  List<OpenConflict> openConflictsOfMunicipality(UUID municipalityId) {
    return jdbc.prepareStatement(
        CONFLICT_SELECT
            + " WHERE k.municipality_id = ? AND k.status = 'open' ORDER BY k.created_at, k.id",
        s -> {
          s.setObject(1, municipalityId);
          return conflicts(s);
        });
  }

  private static List<OpenConflict> conflicts(PreparedStatement s) throws SQLException {
    List<OpenConflict> list = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        list.add(
            new OpenConflict(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class),
                rs.getObject(5, UUID.class),
                rs.getString(6),
                PortalRecordType.ofCode(rs.getString(7)),
                rs.getString(8),
                rs.getObject(9, UUID.class),
                rs.getObject(10, java.time.LocalDate.class),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getTimestamp(15).toInstant()));
      }
    }
    return list;
  }

  private static List<MyPortalLink> links(PreparedStatement s) throws SQLException {
    List<MyPortalLink> list = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Object revoked = rs.getObject(13);
        list.add(
            new MyPortalLink(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                uuidList(rs.getArray(5)),
                uuidList(rs.getArray(6)),
                rs.getString(7),
                rs.getString(8),
                rs.getTimestamp(9).toInstant(),
                rs.getTimestamp(10).toInstant(),
                instant(rs.getTimestamp(11)),
                rs.getString(12),
                revoked == null ? null : (Boolean) revoked,
                instant(rs.getTimestamp(14)),
                rs.getString(15),
                rs.getString(16)));
      }
    }
    return list;
  }

  private static Array uuids(Connection connection, List<UUID> ids) throws SQLException {
    return connection.createArrayOf("uuid", ids.toArray());
  }

  private static List<UUID> uuidList(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    return Arrays.stream(values)
        .map(v -> v instanceof UUID ? (UUID) v : UUID.fromString(v.toString()))
        .toList();
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
