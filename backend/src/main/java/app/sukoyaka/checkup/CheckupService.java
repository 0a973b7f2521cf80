package app.sukoyaka.checkup;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Stores checkups and reads them back for a pregnancy's handbook. */
@Singleton
public class CheckupService {
  private static final com.fasterxml.jackson.databind.ObjectMapper HISTORY_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String VALUES = " VALUES ";
  static final int MAX_ROWS_PER_INSERT = 200;
  static final String INSERT_ENCOUNTER =
      "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, child_id,"
          + " facility_id, visit_date, gestational_age_days, submission_id, recorded_at,"
          + " encounter_class, kind_name, performer_name, source)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String INSERT_FINDING =
      "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id, item_code,"
          + " value_type, quantity_value, quantity_unit, code_system, code_value, boolean_value,"
          + " string_value, date_value, source_system, source_code, version, status, updated_at,"
          + " integer_value, datetime_value, child_id, resource_type, authored_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final CheckupRepositories.EncounterRepository encounters;
  private final CheckupRepositories.FindingRepository findings;
  private final JdbcOperations jdbc;
  private final ApplicationEventPublisher<CheckupsRecorded> events;
  private final CheckupReader reader;

  CheckupService(
      CheckupRepositories.EncounterRepository encounters,
      CheckupRepositories.FindingRepository findings,
      JdbcOperations jdbc,
      ApplicationEventPublisher<CheckupsRecorded> events) {
    this.encounters = encounters;
    this.findings = findings;
    this.jdbc = jdbc;
    this.events = events;
    this.reader = new CheckupReader(jdbc);
  }

  /**
   * Stores the checkups in the caller's transaction, next to the submission they came from. Every
   * clinic submission passes here, so each table gets one multi-row INSERT (one statement, one
   * round trip, one plan for all of a submission's findings) instead of the repositories' {@code
   * saveAll}, whose per-entity binding through bean introspection cost a tenth of the service's CPU
   * under clinic load, and which sent one INSERT per finding. {@code CheckupRowInsertTest} holds
   * the column lists and the binding to the row records.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void store(List<NewCheckup> checkups, UUID submissionId, Instant recordedAt) {
    List<CheckupEncounterRow> encounterRows = new ArrayList<>();
    List<CheckupFindingRow> findingRows = new ArrayList<>();
    for (NewCheckup checkup : checkups) {
      encounterRows.add(CheckupRowMapper.encounterRow(checkup, submissionId, recordedAt));
      for (NewCheckup.NewFinding finding : checkup.findings()) {
        findingRows.add(CheckupRowMapper.findingRow(checkup, finding));
      }
    }
    insertAll(
        INSERT_ENCOUNTER, ENCOUNTER_PARAMETERS, encounterRows, CheckupRowMapper::bindEncounter);
    insertAll(INSERT_FINDING, FINDING_PARAMETERS, findingRows, CheckupRowMapper::bindFinding);
    if (!encounterRows.isEmpty()) {
      // Listeners run now, in this transaction: the checkups and what follows commit together.
      Set<UUID> stored = new HashSet<>();
      Set<UUID> subjects = new HashSet<>();
      for (CheckupEncounterRow row : encounterRows) {
        stored.add(row.id());
        subjects.add(row.childId() != null ? row.childId() : row.pregnancyId());
      }
      events.publishEvent(new CheckupsRecorded(stored, subjects));
    }
  }

  /** Binds one row to the parameters after {@code offset}. */
  interface RowBinder<R> {
    void bind(PreparedStatement statement, int offset, R row) throws SQLException;
  }

  /** Parameters per row of each insert, counted once rather than on every submission. */
  private static final int ENCOUNTER_PARAMETERS = parameters(INSERT_ENCOUNTER);

  private static final int FINDING_PARAMETERS = parameters(INSERT_FINDING);

  private <R> void insertAll(String insert, int columns, List<R> rows, RowBinder<R> binder) {
    // PostgreSQL takes at most 65,535 parameters per statement and a 1 MiB Bundle can carry more
    // findings than fit; a submission with more rows than a chunk (a checkup has tens) is inserted
    // in several statements.
    for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_INSERT) {
      List<R> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_INSERT));
      jdbc.prepareStatement(
          forRows(insert, chunk.size()),
          statement -> {
            for (int i = 0; i < chunk.size(); i++) {
              binder.bind(statement, i * columns, chunk.get(i));
            }
            return statement.executeUpdate();
          });
    }
  }

  /** The single-row {@code insert} with its VALUES group repeated for {@code rows} rows. */
  static String forRows(String insert, int rows) {
    int values = insert.lastIndexOf(VALUES) + VALUES.length();
    return insert.substring(0, values)
        + String.join(", ", Collections.nCopies(rows, insert.substring(values)));
  }

  private static int parameters(String insert) {
    return (int) insert.chars().filter(c -> c == '?').count();
  }

  /**
   * Replaces the findings of one Observation with a corrected version, keeping the replaced one in
   * the history. Returns the new version.
   *
   * @param status amended, corrected, or entered-in-error to retract the Observation
   */
  @Transactional
  public int correct(
      UUID observationId,
      List<NewCheckup.NewFinding> replacement,
      String status,
      String actor,
      Instant at) {
    List<CheckupFindingRow> current = findings.findCurrentForUpdate(observationId);
    if (current.isEmpty()) {
      throw new IllegalStateException("No current findings of observation " + observationId);
    }
    CheckupFindingRow first = current.get(0);
    int version = first.version() + 1;
    keepHistory(current, actor, at);
    if (status.equals("entered-in-error")) {
      findings.retract(observationId, version, at);
    } else {
      findings.deleteAll(current);
      List<CheckupFindingRow> rows = new ArrayList<>();
      for (NewCheckup.NewFinding finding : replacement) {
        rows.add(CheckupRowMapper.correctedRow(first, finding, version, status, at));
      }
      findings.saveAll(rows);
    }
    events.publishEvent(CheckupsRecorded.ofEncounters(Set.of(first.encounterId())));
    return version;
  }

  private void keepHistory(List<CheckupFindingRow> rows, String actor, Instant at) {
    com.fasterxml.jackson.databind.node.ArrayNode findingsJson = HISTORY_JSON.createArrayNode();
    for (CheckupFindingRow row : rows) {
      com.fasterxml.jackson.databind.node.ObjectNode node = findingsJson.addObject();
      node.put("id", row.id().toString());
      node.put("item", row.itemCode());
      node.put("valueType", row.valueType());
      if (row.quantityValue() != null) {
        node.put("quantity", row.quantityValue());
        node.put("unit", row.quantityUnit());
      }
      if (row.codeValue() != null) {
        node.put("system", row.codeSystem());
        node.put("code", row.codeValue());
      }
      if (row.booleanValue() != null) {
        node.put("boolean", row.booleanValue());
      }
      if (row.stringValue() != null) {
        node.put("string", row.stringValue());
      }
      if (row.dateValue() != null) {
        node.put("date", row.dateValue().toString());
      }
      if (row.integerValue() != null) {
        node.put("integer", row.integerValue());
      }
      if (row.datetimeValue() != null) {
        node.put("datetime", row.datetimeValue().toString());
      }
      if (row.childId() != null) {
        node.put("child", row.childId().toString());
      }
      node.put("sourceSystem", row.sourceSystem());
      node.put("sourceCode", row.sourceCode());
    }
    CheckupFindingRow first = rows.get(0);
    jdbc.prepareStatement(
        "INSERT INTO checkup_finding_history (observation_id, version, municipality_id, status,"
            + " findings, replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)",
        statement -> {
          statement.setObject(1, first.observationId());
          statement.setInt(2, first.version());
          statement.setObject(3, first.municipalityId());
          statement.setString(4, first.status());
          statement.setString(5, findingsJson.toString());
          statement.setTimestamp(6, java.sql.Timestamp.from(at));
          statement.setString(7, actor);
          return statement.executeUpdate();
        });
  }

  /** The facility that submitted the checkup. */
  @Transactional(readOnly = true)
  public Optional<UUID> facilityOf(UUID encounterId) {
    return encounters.findById(encounterId).map(CheckupEncounterRow::facilityId);
  }

  /** Whether the Observation was retracted by its clinic. */
  @Transactional(readOnly = true)
  public boolean isRetracted(UUID observationId) {
    return findings.findByObservationId(observationId).stream()
        .anyMatch(row -> row.status().equals("entered-in-error"));
  }

  /** Facilities that submitted checkups of this pregnancy (for the access policy). */
  @Transactional(readOnly = true)
  public Set<UUID> submittingFacilities(UUID pregnancyId) {
    return new HashSet<>(encounters.findFacilityIdsByPregnancy(pregnancyId));
  }

  /** Facilities that submitted records of this child, at its own visits or at its birth. */
  @Transactional(readOnly = true)
  public Set<UUID> submittingFacilitiesOfChild(UUID childId) {
    return new HashSet<>(encounters.findFacilityIdsByChild(childId));
  }

  /**
   * The child's records, oldest visit first: its own checkups, and the encounters of its mother
   * (the delivery) with only the findings about this child.
   */
  @Transactional(readOnly = true)
  public List<Checkup> forChild(UUID childId) {
    return forFamily(List.of(), List.of(childId), null).ofChild(childId);
  }

  /**
   * The child's gestational age at birth in days, from the delivery record that recorded it (the
   * mother's 妊娠期間 at the delivery where the child was born), when a clinic sent one.
   */
  @Transactional(readOnly = true)
  public Optional<Integer> gestationalDaysAtBirth(UUID childId) {
    return jdbc.prepareStatement(
        "SELECT f.quantity_value, f.quantity_unit FROM checkup_finding f"
            + " JOIN checkup_encounter e ON e.id = f.encounter_id"
            + " WHERE f.item_code = 'gestational-length-at-delivery'"
            + " AND f.status <> 'entered-in-error' AND e.kind = 'delivery'"
            + " AND EXISTS (SELECT 1 FROM checkup_finding c WHERE c.encounter_id = e.id"
            + " AND c.child_id = ?) ORDER BY e.recorded_at DESC, f.version DESC LIMIT 1",
        statement -> {
          statement.setObject(1, childId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.<Integer>empty();
            }
            java.math.BigDecimal value = rs.getBigDecimal(1);
            // Stored in the catalog's canonical unit, days; weeks are converted all the same.
            java.math.BigDecimal days =
                "wk".equals(rs.getString(2))
                    ? value.multiply(java.math.BigDecimal.valueOf(7))
                    : value;
            return Optional.of(days.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact());
          }
        });
  }

  /** The pregnancy's checkups, newest visit first, with their findings. */
  @Transactional(readOnly = true)
  public List<Checkup> forPregnancy(UUID pregnancyId) {
    return forFamily(List.of(pregnancyId), List.of(), null).ofPregnancy(pregnancyId);
  }

  /**
   * The checkups of a family's pregnancies and children in two statements, each subject's as {@link
   * #forPregnancy} and {@link #forChild} give them; only those encounters when {@code only} is
   * given (what a sync found changed).
   */
  @Transactional(readOnly = true)
  public FamilyCheckups forFamily(
      Collection<UUID> pregnancyIds, Collection<UUID> childIds, @Nullable Collection<UUID> only) {
    if ((pregnancyIds.isEmpty() && childIds.isEmpty()) || (only != null && only.isEmpty())) {
      return FamilyCheckups.of(List.of(), pregnancyIds, childIds);
    }
    UUID[] pregnancies = pregnancyIds.toArray(UUID[]::new);
    UUID[] children = childIds.toArray(UUID[]::new);
    List<Checkup> found;
    if (only != null) {
      UUID[] ids = only.toArray(UUID[]::new);
      found =
          reader.read(
              "WHERE e.id = ANY (?) ORDER BY e.visit_date, e.recorded_at",
              statement ->
                  statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids)));
    } else {
      // ANY (ARRAY (…)), not OR EXISTS: PostgreSQL then combines the subjects' indexes and the
      // primary key instead of scanning every checkup of every municipality.
      found =
          reader.read(
              "WHERE e.pregnancy_id = ANY (?) OR e.child_id = ANY (?) OR e.id = ANY (ARRAY ("
                  + "SELECT f.encounter_id FROM checkup_finding f WHERE f.child_id = ANY (?)"
                  + " AND f.status <> 'entered-in-error')) ORDER BY e.visit_date, e.recorded_at",
              statement -> {
                statement.setArray(1, statement.getConnection().createArrayOf("uuid", pregnancies));
                statement.setArray(2, statement.getConnection().createArrayOf("uuid", children));
                statement.setArray(3, statement.getConnection().createArrayOf("uuid", children));
              });
    }
    return FamilyCheckups.of(found, pregnancyIds, childIds);
  }

  /** The municipality's checkups recorded after {@code since} (all when null). */
  @Transactional(readOnly = true)
  public List<Checkup> forMunicipality(UUID municipalityId, java.time.Instant since) {
    return reader.read(
        "WHERE e.municipality_id = ? AND (CAST(? AS timestamptz) IS NULL OR e.recorded_at >"
            + " CAST(? AS timestamptz)) ORDER BY e.recorded_at, e.id",
        statement -> {
          statement.setObject(1, municipalityId);
          java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
          statement.setTimestamp(2, from);
          statement.setTimestamp(3, from);
        });
  }

  /**
   * One page of {@link #forMunicipality}, by encounter id after {@code after} (null: from the
   * start): what the bulk export reads a page at a time.
   */
  @Transactional(readOnly = true)
  public List<Checkup> forMunicipalityPage(
      UUID municipalityId, java.time.Instant since, UUID after, int limit) {
    return reader.read(
        "WHERE e.municipality_id = ? AND (CAST(? AS timestamptz) IS NULL OR e.recorded_at >"
            + " CAST(? AS timestamptz)) AND (CAST(? AS uuid) IS NULL OR e.id > CAST(? AS uuid))"
            + " ORDER BY e.id LIMIT ?",
        statement -> {
          statement.setObject(1, municipalityId);
          java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
          statement.setTimestamp(2, from);
          statement.setTimestamp(3, from);
          statement.setObject(4, after);
          statement.setObject(5, after);
          statement.setInt(6, limit);
        });
  }

  /** One checkup by its encounter id. */
  @Transactional(readOnly = true)
  public Optional<Checkup> checkup(UUID encounterId) {
    return reader.read("WHERE e.id = ?", statement -> statement.setObject(1, encounterId)).stream()
        .findFirst();
  }

  /** The checkup that holds the findings of that FHIR Observation. */
  @Transactional(readOnly = true)
  public Optional<Checkup> checkupOfObservation(UUID observationId) {
    return reader
        .read(
            "WHERE e.id = (SELECT f.encounter_id FROM checkup_finding f"
                + " WHERE f.observation_id = ? LIMIT 1)",
            statement -> statement.setObject(1, observationId))
        .stream()
        .findFirst();
  }
}
