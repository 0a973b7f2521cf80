package app.sukoyaka.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a municipality has on record before clinics submit: itself, one contracted clinic with its
 * registered key, and pregnant people with their handbooks. Written straight into the service's
 * tables, as an onboarding would.
 */
final class Fixtures {
  static final String MEDICAL_INSTITUTION_CODE = "1312345678";
  static final String CLIENT_ID = "bench-clinic-" + MEDICAL_INSTITUTION_CODE;
  static final String SCOPES = "system/Encounter.c system/Observation.c";

  private static final String[][] NAMES = {
    {"鈴木", "優子", "スズキ", "ユウコ"},
    {"佐藤", "花子", "サトウ", "ハナコ"},
    {"高橋", "美咲", "タカハシ", "ミサキ"},
    {"田中", "陽菜", "タナカ", "ヒナ"},
    {"渡辺", "結衣", "ワタナベ", "ユイ"},
  };

  /** A pregnant person and her handbook. */
  record Mother(UUID personId, UUID pregnancyId, String handbookNumber, LocalDate birthDate) {}

  /** What the run submits against. */
  record Arranged(
      UUID municipalityId,
      UUID facilityId,
      String clientId,
      ECKey clientKey,
      LocalDate visitDate,
      List<Mother> mothers) {}

  private Fixtures() {}

  static Arranged arrange(Connection connection, int mothers) throws SQLException {
    Instant now = Instant.now();
    Timestamp created = Timestamp.from(now);
    // A visit at 20 weeks last week: the handbook was issued at 9 weeks, the birth is due at 40.
    LocalDate visit = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusWeeks(1);
    LocalDate issued = visit.minusDays(PrenatalVisit.GESTATIONAL_AGE_DAYS - 63);
    LocalDate due = visit.plusDays(280 - PrenatalVisit.GESTATIONAL_AGE_DAYS);
    UUID municipality = UUID.randomUUID();
    UUID facility = UUID.randomUUID();
    ECKey key = newKey();
    List<Mother> arranged = new ArrayList<>();
    connection.setAutoCommit(false);
    try {
      update(
          connection,
          "INSERT INTO municipality (id, code, name_ja, name_en, created_at)"
              + " VALUES (?, ?, '文京区', 'Bunkyo City', ?)",
          municipality,
          PrenatalVisit.MUNICIPALITY_CODE,
          created);
      update(
          connection,
          "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
              + " VALUES (?, ?, 'ベンチレディースクリニック', 'clinic', ?)",
          facility,
          MEDICAL_INSTITUTION_CODE,
          created);
      update(
          connection,
          "INSERT INTO facility_contract (facility_id, municipality_id, valid_from, valid_to)"
              + " VALUES (?, ?, ?, NULL)",
          facility,
          municipality,
          Date.valueOf(visit.minusYears(1)));
      update(
          connection,
          "INSERT INTO clinic_client (client_id, facility_id, public_jwks, scopes, active,"
              + " created_at) VALUES (?, ?, ?::jsonb, ?, true, ?)",
          CLIENT_ID,
          facility,
          new JWKSet(key.toPublicJWK()).toString(true),
          SCOPES,
          created);
      try (PreparedStatement person =
              connection.prepareStatement(
                  "INSERT INTO person (id, municipality_id, family_name, given_name,"
                      + " family_name_kana, given_name_kana, birth_date, sex, login_subject,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'female', NULL, ?)");
          PreparedStatement pregnancy =
              connection.prepareStatement(
                  "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
                      + " handbook_issued_on, expected_delivery_date, fetus_count, status,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?, 1, 'active', ?)")) {
        for (int i = 0; i < mothers; i++) {
          Mother mother =
              new Mother(
                  UUID.randomUUID(),
                  UUID.randomUUID(),
                  String.format("%d-%06d", visit.getYear(), i + 1),
                  // Spread over ages 20 to 45 at the visit, so that birth dates differ.
                  visit.minusYears(20).minusDays((i * 7919L) % (25 * 365)));
          String[] name = NAMES[i % NAMES.length];
          person.setObject(1, mother.personId());
          person.setObject(2, municipality);
          person.setString(3, name[0]);
          person.setString(4, name[1]);
          person.setString(5, name[2]);
          person.setString(6, name[3]);
          person.setDate(7, Date.valueOf(mother.birthDate()));
          person.setTimestamp(8, created);
          person.addBatch();
          pregnancy.setObject(1, mother.pregnancyId());
          pregnancy.setObject(2, municipality);
          pregnancy.setObject(3, mother.personId());
          pregnancy.setString(4, mother.handbookNumber());
          pregnancy.setDate(5, Date.valueOf(issued));
          pregnancy.setDate(6, Date.valueOf(due));
          pregnancy.setTimestamp(7, created);
          pregnancy.addBatch();
          arranged.add(mother);
        }
        person.executeBatch();
        pregnancy.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
    return new Arranged(municipality, facility, CLIENT_ID, key, visit, List.copyOf(arranged));
  }

  private static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("No P-256 key could be generated", e);
    }
  }

  private static void update(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }
}
