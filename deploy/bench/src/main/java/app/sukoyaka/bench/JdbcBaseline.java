package app.sukoyaka.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The limit the service is measured against: the rows one submission produces (the raw Bundle with
 * its response, the checkup, its ten findings) inserted with plain JDBC, one transaction per
 * bundle, the findings as one batch. Nothing is parsed, validated or looked up.
 */
final class JdbcBaseline {
  private static final String INSERT_SUBMISSION =
      "INSERT INTO raw_submission (id, client_id, facility_id, municipality_id, bundle_system,"
          + " bundle_value, payload_sha256, payload, response, received_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";
  private static final String INSERT_ENCOUNTER =
      "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, child_id,"
          + " facility_id, visit_date, gestational_age_days, submission_id, recorded_at)"
          + " VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)";
  private static final String INSERT_FINDING =
      "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id, item_code,"
          + " value_type, quantity_value, quantity_unit, code_system, code_value, boolean_value,"
          + " string_value, date_value, source_system, source_code)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)";

  private final BenchDatabase database;
  private final Fixtures.Arranged arranged;
  private final String runId;

  JdbcBaseline(BenchDatabase database, Fixtures.Arranged arranged, String runId) {
    this.database = database;
    this.arranged = arranged;
    this.runId = runId;
  }

  /** One unit's bundle, rendered with its digest before the clock starts, as the service's are. */
  record Prepared(String bundleId, Fixtures.Mother mother, String payload, String sha256) {}

  /**
   * The bundles of units 0..{@code units}-1 of a phase.
   *
   * @param phase distinguishes the bundle identifiers of warm-up and measurement
   */
  Prepared[] prepare(String phase, int units) {
    List<Fixtures.Mother> mothers = arranged.mothers();
    Prepared[] prepared = new Prepared[units];
    for (int index = 0; index < units; index++) {
      Fixtures.Mother mother = mothers.get(index % mothers.size());
      String bundleId = runId + "-baseline-" + phase + "-" + index;
      String payload =
          PrenatalVisit.bundle(
              new PrenatalVisit.Visit(
                  bundleId, mother.handbookNumber(), mother.birthDate(), arranged.visitDate()));
      prepared[index] = new Prepared(bundleId, mother, payload, sha256(payload));
    }
    return prepared;
  }

  /** A client with its own connection and statements, prepared once as a pool would keep them. */
  ConcurrentRun.Worker client(Prepared[] units) {
    try {
      return new Client(database.connect(), units);
    } catch (SQLException e) {
      throw new IllegalStateException("No connection for a baseline client", e);
    }
  }

  private final class Client implements ConcurrentRun.Worker {
    private final Connection connection;
    private final PreparedStatement submission;
    private final PreparedStatement encounter;
    private final PreparedStatement finding;
    private final Prepared[] units;

    Client(Connection connection, Prepared[] units) throws SQLException {
      this.connection = connection;
      this.units = units;
      connection.setAutoCommit(false);
      submission = connection.prepareStatement(INSERT_SUBMISSION);
      encounter = connection.prepareStatement(INSERT_ENCOUNTER);
      finding = connection.prepareStatement(INSERT_FINDING);
    }

    @Override
    public long run(int index) throws SQLException {
      Prepared unit = units[index];
      Fixtures.Mother mother = unit.mother();
      String bundleId = unit.bundleId();
      String payload = unit.payload();
      UUID submissionId = UUID.randomUUID();
      UUID encounterId = UUID.randomUUID();
      Instant now = Instant.now();
      Timestamp at = Timestamp.from(now);
      String response = PrenatalVisit.transactionResponse(submissionId, mother.personId(), now);
      String sha256 = unit.sha256();

      long start = System.nanoTime();
      try {
        submission.setObject(1, submissionId);
        submission.setString(2, arranged.clientId());
        submission.setObject(3, arranged.facilityId());
        submission.setObject(4, arranged.municipalityId());
        submission.setString(5, PrenatalVisit.SUBMISSION_SYSTEM);
        submission.setString(6, bundleId);
        submission.setString(7, sha256);
        submission.setString(8, payload);
        submission.setString(9, response);
        submission.setTimestamp(10, at);
        submission.executeUpdate();

        encounter.setObject(1, encounterId);
        encounter.setObject(2, arranged.municipalityId());
        encounter.setString(3, PrenatalVisit.CHECKUP_KIND);
        encounter.setObject(4, mother.pregnancyId());
        encounter.setObject(5, arranged.facilityId());
        encounter.setDate(6, Date.valueOf(arranged.visitDate()));
        encounter.setInt(7, PrenatalVisit.GESTATIONAL_AGE_DAYS);
        encounter.setObject(8, submissionId);
        encounter.setTimestamp(9, at);
        encounter.executeUpdate();

        for (PrenatalVisit.Finding item : PrenatalVisit.FINDINGS) {
          finding.setObject(1, UUID.randomUUID());
          finding.setObject(2, encounterId);
          finding.setObject(3, arranged.municipalityId());
          finding.setObject(4, UUID.randomUUID());
          finding.setString(5, item.itemCode());
          if (item.isQuantity()) {
            finding.setString(6, "quantity");
            finding.setBigDecimal(7, item.quantity());
            finding.setString(8, item.unit());
            finding.setNull(9, Types.VARCHAR);
            finding.setNull(10, Types.VARCHAR);
          } else {
            finding.setString(6, "coded");
            finding.setNull(7, Types.NUMERIC);
            finding.setNull(8, Types.VARCHAR);
            finding.setString(9, item.answerSystem());
            finding.setString(10, item.answerCode());
          }
          finding.setString(11, item.system());
          finding.setString(12, item.code());
          finding.addBatch();
        }
        finding.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      return System.nanoTime() - start;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
