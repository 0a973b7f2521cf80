package app.sukoyaka.immunization;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stores vaccination records with what they count for, and reads a child's or a pregnancy's records
 * back. Every writer (clinic intake, parent and staff entries, imports) stores through here so that
 * a record and its credits are written together.
 */
@Singleton
public class ImmunizationHistory {
  private static final String INSERT_CREDIT =
      "INSERT INTO immunization_credit (record_id, municipality_id, child_id, vaccine, dose_label)"
          + " VALUES (?, ?, ?, ?, ?)";

  private final ImmunizationRepositories.RecordRepository records;
  private final JdbcOperations jdbc;
  private final ApplicationEventPublisher<VaccinationsRecorded> events;
  private final ImmunizationRecordReader reader;

  ImmunizationHistory(
      ImmunizationRepositories.RecordRepository records,
      JdbcOperations jdbc,
      ApplicationEventPublisher<VaccinationsRecorded> events) {
    this.records = records;
    this.jdbc = jdbc;
    this.events = events;
    this.reader = new ImmunizationRecordReader(jdbc);
  }

  /**
   * Stores the records in the caller's transaction.
   *
   * @param payloads the FHIR resource each record came as, by record id (absent: not FHIR)
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void store(List<ImmunizationRecord> newRecords, Map<UUID, String> payloads) {
    List<ImmunizationRecordRow> rows = new ArrayList<>();
    List<ImmunizationCreditRow> credits = new ArrayList<>();
    for (ImmunizationRecord record : newRecords) {
      rows.add(ImmunizationRowMapper.recordRow(record, payloads.get(record.id())));
      credits.addAll(ImmunizationRowMapper.creditRows(record));
    }
    records.saveAll(rows);
    if (!credits.isEmpty()) {
      jdbc.prepareStatement(
          INSERT_CREDIT,
          statement -> {
            for (ImmunizationCreditRow credit : credits) {
              bindCredit(statement, credit);
              statement.addBatch();
            }
            statement.executeBatch();
            return null;
          });
    }
    Set<UUID> children = new HashSet<>();
    Set<UUID> pregnancies = new HashSet<>();
    for (ImmunizationRecord record : newRecords) {
      if (record.childId() != null) {
        children.add(record.childId());
      }
      if (record.pregnancyId() != null) {
        pregnancies.add(record.pregnancyId());
      }
    }
    // Listeners run now, in this transaction: the doses and what follows from them commit together.
    events.publishEvent(new VaccinationsRecorded(children, pregnancies));
  }

  /** A child's current records, oldest first, with their credits. */
  @Transactional(readOnly = true)
  public List<ImmunizationRecord> ofChild(UUID childId) {
    return records(storedOfChild(childId));
  }

  /** A pregnant person's own current records during this pregnancy, oldest first. */
  @Transactional(readOnly = true)
  public List<ImmunizationRecord> ofPregnancy(UUID pregnancyId) {
    return records(storedOfPregnancy(pregnancyId));
  }

  /** A record by its id, retracted or not, with its reason and retraction. */
  @Transactional(readOnly = true)
  public Optional<StoredImmunization> find(UUID id) {
    return reader.read("WHERE r.id = ?", statement -> statement.setObject(1, id)).stream()
        .findFirst();
  }

  /** A child's current records with their reasons, oldest first. */
  @Transactional(readOnly = true)
  public List<StoredImmunization> storedOfChild(UUID childId) {
    return storedOfFamily(List.of(childId), List.of(), null).getOrDefault(childId, List.of());
  }

  /** A pregnant person's current records during this pregnancy, with their reasons. */
  @Transactional(readOnly = true)
  public List<StoredImmunization> storedOfPregnancy(UUID pregnancyId) {
    return storedOfFamily(List.of(), List.of(pregnancyId), null)
        .getOrDefault(pregnancyId, List.of());
  }

  /**
   * The current records of a family's children and pregnancies in two statements, by child or
   * pregnancy id (every one asked for is a key), each oldest first; only those records when {@code
   * only} is given.
   */
  @Transactional(readOnly = true)
  public Map<UUID, List<StoredImmunization>> storedOfFamily(
      Collection<UUID> childIds, Collection<UUID> pregnancyIds, Collection<UUID> only) {
    Map<UUID, List<StoredImmunization>> bySubject = new LinkedHashMap<>();
    childIds.forEach(id -> bySubject.put(id, new ArrayList<>()));
    pregnancyIds.forEach(id -> bySubject.put(id, new ArrayList<>()));
    if (bySubject.isEmpty() || (only != null && only.isEmpty())) {
      return bySubject;
    }
    UUID[] children = childIds.toArray(UUID[]::new);
    UUID[] pregnancies = pregnancyIds.toArray(UUID[]::new);
    UUID[] ids = only == null ? null : only.toArray(UUID[]::new);
    // Retracted records stay in the table for the history but are no longer the record.
    List<StoredImmunization> found =
        reader.read(
            "WHERE (r.child_id = ANY (?) OR r.pregnancy_id = ANY (?))"
                + (ids == null ? "" : " AND r.id = ANY (?)")
                + " AND r.status <> 'entered-in-error' ORDER BY r.occurrence_date, r.recorded_at",
            statement -> {
              statement.setArray(1, statement.getConnection().createArrayOf("uuid", children));
              statement.setArray(2, statement.getConnection().createArrayOf("uuid", pregnancies));
              if (ids != null) {
                statement.setArray(3, statement.getConnection().createArrayOf("uuid", ids));
              }
            });
    for (StoredImmunization stored : found) {
      UUID subject =
          stored.record().childId() != null
              ? stored.record().childId()
              : stored.record().pregnancyId();
      bySubject.get(subject).add(stored);
    }
    return bySubject;
  }

  /**
   * The current records of a municipality (children's and pregnant people's), changed since the
   * given time when one is given, oldest first: the bulk export.
   */
  @Transactional(readOnly = true)
  public List<ImmunizationRecord> ofMunicipality(UUID municipalityId, Instant since) {
    return records(
        reader.read(
            "WHERE r.municipality_id = ? AND r.status <> 'entered-in-error'"
                + " AND (CAST(? AS timestamptz) IS NULL OR r.updated_at >= CAST(? AS timestamptz))"
                + " ORDER BY r.recorded_at, r.id",
            statement -> {
              statement.setObject(1, municipalityId);
              Timestamp from = since == null ? null : Timestamp.from(since);
              statement.setTimestamp(2, from);
              statement.setTimestamp(3, from);
            }));
  }

  /**
   * One page of {@link #ofMunicipality}, by record id after {@code after} (null: from the start):
   * what the bulk export reads a page at a time so that a large municipality never sits in memory.
   */
  @Transactional(readOnly = true)
  public List<ImmunizationRecord> ofMunicipalityPage(
      UUID municipalityId, Instant since, UUID after, int limit) {
    return records(
        reader.read(
            "WHERE r.municipality_id = ? AND r.status <> 'entered-in-error'"
                + " AND (CAST(? AS timestamptz) IS NULL OR r.updated_at >= CAST(? AS timestamptz))"
                + " AND (CAST(? AS uuid) IS NULL OR r.id > CAST(? AS uuid))"
                + " ORDER BY r.id LIMIT ?",
            statement -> {
              statement.setObject(1, municipalityId);
              Timestamp from = since == null ? null : Timestamp.from(since);
              statement.setTimestamp(2, from);
              statement.setTimestamp(3, from);
              statement.setObject(4, after);
              statement.setObject(5, after);
              statement.setInt(6, limit);
            }));
  }

  private static List<ImmunizationRecord> records(List<StoredImmunization> stored) {
    return stored.stream().map(StoredImmunization::record).toList();
  }

  /**
   * Records a decision on an unverified record; false when it is no longer unverified (another
   * decision came first) or was retracted.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public boolean decide(
      UUID id,
      ImmunizationRecord.Verification decision,
      String decidedBy,
      Instant at,
      String reason) {
    if (decision == ImmunizationRecord.Verification.UNVERIFIED) {
      throw new IllegalArgumentException("A decision verifies or rejects");
    }
    return jdbc.prepareStatement(
            "UPDATE immunization_record SET verification = ?, verified_by = ?, verified_at = ?,"
                + " verification_reason = ?, version = version + 1, updated_at = ?"
                + " WHERE id = ? AND verification = 'unverified' AND status = 'completed'",
            statement -> {
              statement.setString(1, decision.code());
              statement.setString(2, decidedBy);
              statement.setTimestamp(3, Timestamp.from(at));
              statement.setString(4, reason);
              statement.setTimestamp(5, Timestamp.from(at));
              statement.setObject(6, id);
              return statement.executeUpdate();
            })
        == 1;
  }

  /** Marks a standing record entered-in-error; false when it was already retracted. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public boolean retract(UUID id, String retractedBy, Instant at) {
    return jdbc.prepareStatement(
            "UPDATE immunization_record SET status = 'entered-in-error', retracted_by = ?,"
                + " retracted_at = ?, version = version + 1, updated_at = ?"
                + " WHERE id = ? AND status = 'completed'",
            statement -> {
              statement.setString(1, retractedBy);
              statement.setTimestamp(2, Timestamp.from(at));
              statement.setTimestamp(3, Timestamp.from(at));
              statement.setObject(4, id);
              return statement.executeUpdate();
            })
        == 1;
  }

  /**
   * Replaces what a standing record says with its corrected content, in the caller's transaction:
   * the version it replaces is kept whole (row and credits) in the history, the version counts up,
   * the credits follow the correction, and what depends on the child's doses is told. Who recorded
   * it, when, from which source and its verification stay.
   *
   * @param corrected the record as it is to read now (same id)
   * @param expectedVersion the version the correction was made from
   * @return false when the record is no longer at that version, or was retracted
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public boolean correct(
      ImmunizationRecord corrected, int expectedVersion, String correctedBy, Instant at) {
    boolean current =
        jdbc.prepareStatement(
            "SELECT version = ? AND status = 'completed' FROM immunization_record WHERE id = ?"
                + " FOR UPDATE",
            statement -> {
              statement.setInt(1, expectedVersion);
              statement.setObject(2, corrected.id());
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
              }
            });
    if (!current) {
      return false;
    }
    int kept =
        jdbc.prepareStatement(
            "INSERT INTO immunization_record_history (record_id, version, municipality_id,"
                + " record, replaced_at, replaced_by)"
                + " SELECT r.id, r.version, r.municipality_id, to_jsonb(r) - 'payload'"
                + " || jsonb_build_object('credits', COALESCE((SELECT jsonb_agg(jsonb_build_object("
                + "'vaccine', c.vaccine, 'dose', c.dose_label) ORDER BY c.vaccine)"
                + " FROM immunization_credit c WHERE c.record_id = r.id), '[]'::jsonb)),"
                + " ?, ? FROM immunization_record r"
                + " WHERE r.id = ? AND r.version = ? AND r.status = 'completed'",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(at));
              statement.setString(2, correctedBy);
              statement.setObject(3, corrected.id());
              statement.setInt(4, expectedVersion);
              return statement.executeUpdate();
            });
    if (kept != 1) {
      return false;
    }
    jdbc.prepareStatement(
        "UPDATE immunization_record SET occurrence_date = ?, vaccine_system = ?, vaccine_code = ?,"
            + " vaccine_display = ?, vaccine_kind = ?, product = ?, lot_number = ?, dose_label = ?,"
            + " routine = ?, country = ?, facility_id = ?, performer_name = ?, note = ?,"
            + " version = version + 1, updated_at = ? WHERE id = ?",
        statement -> {
          statement.setObject(1, corrected.occurrenceDate());
          statement.setString(2, corrected.vaccine().system());
          statement.setString(3, corrected.vaccine().code());
          statement.setString(4, corrected.vaccine().display());
          statement.setString(5, corrected.vaccineKind());
          statement.setString(6, corrected.product());
          statement.setString(7, corrected.lotNumber());
          statement.setString(8, corrected.doseLabel());
          statement.setBoolean(9, corrected.routine());
          statement.setString(10, corrected.country());
          statement.setObject(11, corrected.facilityId());
          statement.setString(12, corrected.performerName());
          statement.setString(13, corrected.note());
          statement.setTimestamp(14, Timestamp.from(at));
          statement.setObject(15, corrected.id());
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "DELETE FROM immunization_credit WHERE record_id = ?",
        statement -> {
          statement.setObject(1, corrected.id());
          return statement.executeUpdate();
        });
    List<ImmunizationCreditRow> credits = ImmunizationRowMapper.creditRows(corrected);
    if (!credits.isEmpty()) {
      jdbc.prepareStatement(
          INSERT_CREDIT,
          statement -> {
            for (ImmunizationCreditRow credit : credits) {
              bindCredit(statement, credit);
              statement.addBatch();
            }
            statement.executeBatch();
            return null;
          });
    }
    events.publishEvent(
        new VaccinationsRecorded(
            corrected.childId() == null ? Set.of() : Set.of(corrected.childId()),
            corrected.pregnancyId() == null ? Set.of() : Set.of(corrected.pregnancyId())));
    return true;
  }

  /**
   * Facilities that submitted vaccinations of this child themselves (for the access policy); a
   * performer a family or another register names is not one.
   */
  @Transactional(readOnly = true)
  public Set<UUID> facilitiesOfChild(UUID childId) {
    return facilities("child_id", childId);
  }

  /** Facilities that submitted the pregnant person's vaccinations during this pregnancy. */
  @Transactional(readOnly = true)
  public Set<UUID> facilitiesOfPregnancy(UUID pregnancyId) {
    return facilities("pregnancy_id", pregnancyId);
  }

  private Set<UUID> facilities(String column, UUID id) {
    return jdbc.prepareStatement(
        "SELECT DISTINCT facility_id FROM immunization_record WHERE "
            + column
            + " = ? AND facility_id IS NOT NULL AND source = 'clinic'",
        statement -> {
          statement.setObject(1, id);
          Set<UUID> found = new HashSet<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getObject(1, UUID.class));
            }
          }
          return found;
        });
  }

  /** The registered facility with this 医療機関コード. */
  @Transactional(readOnly = true)
  public Optional<Facility> facilityByCode(String medicalInstitutionCode) {
    return jdbc.prepareStatement(
        "SELECT id, medical_institution_code, name FROM facility WHERE medical_institution_code = ?",
        statement -> {
          statement.setString(1, medicalInstitutionCode);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(
                    new Facility(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                : Optional.<Facility>empty();
          }
        });
  }

  /**
   * The registered facilities with these ids. Callers look up the facility of each record, null for
   * a record without one (a municipality's or a family's entry), so the map answers null for it
   * rather than throwing as an immutable map would.
   */
  @Transactional(readOnly = true)
  public Map<UUID, Facility> facilities(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      // Mutable and empty: callers look up records' facility ids, which may be null.
      return new HashMap<>();
    }
    return jdbc.prepareStatement(
        "SELECT id, medical_institution_code, name FROM facility WHERE id = ANY (?)",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", ids.toArray(UUID[]::new)));
          Map<UUID, Facility> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID id = rs.getObject(1, UUID.class);
              found.put(id, new Facility(id, rs.getString(2), rs.getString(3)));
            }
          }
          return found;
        });
  }

  private static void bindCredit(PreparedStatement statement, ImmunizationCreditRow credit)
      throws SQLException {
    statement.setObject(1, credit.recordId());
    statement.setObject(2, credit.municipalityId());
    statement.setObject(3, credit.childId());
    statement.setString(4, credit.vaccine());
    if (credit.doseLabel() == null) {
      statement.setNull(5, Types.VARCHAR);
    } else {
      statement.setString(5, credit.doseLabel());
    }
  }
}
