package app.sukoyaka.platform.demo;

import app.sukoyaka.family.ChildRow;
import app.sukoyaka.family.FamilyRepositories;
import app.sukoyaka.family.GuardianshipRow;
import app.sukoyaka.family.PersonRow;
import app.sukoyaka.family.PregnancyRow;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.Ids;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds one demo municipality, one clinic, a mother at 20 weeks with her handbook and a family with
 * a 4-month-old infant, so that a newcomer can try every API at once. Runs only with {@code
 * SUKOYAKA_DEMO=true}, once per database.
 */
@Singleton
@Requires(property = "sukoyaka.demo", value = "true")
public class DemoSeeder {
  public static final String MUNICIPALITY_CODE = "131059";
  public static final String CLINIC_CLIENT_ID = "demo-clinic";
  public static final String CLINIC_CODE = "1312345678";
  public static final String PREGNANT_GUARDIAN = "demo-guardian-hanako";
  public static final String INFANT_GUARDIAN = "demo-guardian-misaki";
  public static final String STAFF = "demo-staff-bunkyo";
  public static final String PREGNANCY_HANDBOOK = "R08-0001";
  public static final String INFANT_HANDBOOK = "R07-0420";
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
  private static final long SEED_LOCK = 0x534b595f44454d4fL;

  private final MunicipalityRepository municipalities;
  private final FamilyRepositories.PersonRepository persons;
  private final FamilyRepositories.PregnancyRepository pregnancies;
  private final FamilyRepositories.ChildRepository children;
  private final FamilyRepositories.GuardianshipRepository guardianships;
  private final JdbcOperations jdbc;
  private final Clock clock;

  DemoSeeder(
      MunicipalityRepository municipalities,
      FamilyRepositories.PersonRepository persons,
      FamilyRepositories.PregnancyRepository pregnancies,
      FamilyRepositories.ChildRepository children,
      FamilyRepositories.GuardianshipRepository guardianships,
      JdbcOperations jdbc,
      Clock clock) {
    this.municipalities = municipalities;
    this.persons = persons;
    this.pregnancies = pregnancies;
    this.children = children;
    this.guardianships = guardianships;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    seed();
  }

  @Transactional
  public void seed() {
    // Instances starting together on one database must not seed twice.
    jdbc.prepareStatement(
        "SELECT pg_advisory_xact_lock(?)",
        statement -> {
          statement.setLong(1, SEED_LOCK);
          statement.execute();
          return null;
        });
    if (municipalities.findByCode(MUNICIPALITY_CODE).isPresent()) {
      return;
    }
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock);
    UUID municipality = Ids.newId();
    municipalities.save(
        new MunicipalityRow(municipality, MUNICIPALITY_CODE, "文京区", "Bunkyo City", now));

    UUID facility = Ids.newId();
    jdbc.prepareStatement(
        "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
            + " VALUES (?, ?, ?, 'clinic', ?)",
        statement -> {
          statement.setObject(1, facility);
          statement.setString(2, CLINIC_CODE);
          statement.setString(3, "すこやかレディースクリニック");
          statement.setTimestamp(4, Timestamp.from(now));
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO facility_contract (facility_id, municipality_id, valid_from) VALUES (?, ?, ?)",
        statement -> {
          statement.setObject(1, facility);
          statement.setObject(2, municipality);
          statement.setDate(3, Date.valueOf(today.withDayOfYear(1)));
          return statement.executeUpdate();
        });
    String jwks = new JWKSet(demoClinicKey().toPublicJWK()).toString(true);
    jdbc.prepareStatement(
        "INSERT INTO clinic_client (client_id, facility_id, public_jwks, scopes, created_at)"
            + " VALUES (?, ?, ?::jsonb, ?, ?)",
        statement -> {
          statement.setString(1, CLINIC_CLIENT_ID);
          statement.setObject(2, facility);
          statement.setString(3, jwks);
          statement.setString(4, "system/Encounter.c system/Immunization.c system/Observation.c");
          statement.setTimestamp(5, Timestamp.from(now));
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO staff_account (subject, municipality_id, display_name, created_at)"
            + " VALUES (?, ?, ?, ?)",
        statement -> {
          statement.setString(1, STAFF);
          statement.setObject(2, municipality);
          statement.setString(3, "文京区 保健サービスセンター 保健師");
          statement.setTimestamp(4, Timestamp.from(now));
          return statement.executeUpdate();
        });

    // A mother at 20 weeks: due 140 days from now (a pregnancy lasts 280 days).
    UUID hanako = Ids.newId();
    persons.save(
        new PersonRow(
            hanako,
            municipality,
            "山田",
            "花子",
            "ヤマダ",
            "ハナコ",
            LocalDate.of(1994, 4, 12),
            "female",
            PREGNANT_GUARDIAN,
            now));
    pregnancies.save(
        new PregnancyRow(
            Ids.newId(),
            municipality,
            hanako,
            PREGNANCY_HANDBOOK,
            today.minusWeeks(11),
            today.plusDays(140),
            (short) 1,
            "active",
            now));

    // A family with an infant of four months.
    UUID misaki = Ids.newId();
    persons.save(
        new PersonRow(
            misaki,
            municipality,
            "佐藤",
            "美咲",
            "サトウ",
            "ミサキ",
            LocalDate.of(1991, 9, 3),
            "female",
            INFANT_GUARDIAN,
            now));
    LocalDate born = today.minusMonths(4);
    UUID pregnancy = Ids.newId();
    pregnancies.save(
        new PregnancyRow(
            pregnancy,
            municipality,
            misaki,
            INFANT_HANDBOOK,
            born.minusWeeks(30),
            born.plusDays(3),
            (short) 1,
            "delivered",
            now));
    UUID child = Ids.newId();
    children.save(
        new ChildRow(
            child,
            municipality,
            pregnancy,
            INFANT_HANDBOOK,
            "佐藤",
            "陽翔",
            "サトウ",
            "ハルト",
            born,
            "male",
            (short) 1,
            now));
    guardianships.save(new GuardianshipRow(new GuardianshipRow.Key(misaki, child), "mother", born));
    LOG.info("Demo data seeded for municipality {}", MUNICIPALITY_CODE);
  }

  private static ECKey demoClinicKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID("demo-clinic-key-1")
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
