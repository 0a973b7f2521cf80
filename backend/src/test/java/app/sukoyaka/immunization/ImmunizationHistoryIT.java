package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vaccination records table after V0005 on real PostgreSQL: a record keeps the coding its
 * source used and counts for zero, one or several routine series.
 */
class ImmunizationHistoryIT {
  private static final Instant NOW = Instant.parse("2026-11-21T01:00:00Z");

  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private ImmunizationHistory history;
  private TransactionOperations<Connection> transactions;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void anInfantLivesInTown() {
    TestService.server();
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    history = TestService.bean(ImmunizationHistory.class);
    transactions = TestService.bean(TransactionOperations.class);
  }

  private ImmunizationRecord record(
      String system,
      String code,
      String kind,
      ImmunizationRecord.Source source,
      List<ImmunizationRecord.Credit> credits) {
    return new ImmunizationRecord(
        UUID.randomUUID(),
        town.id(),
        family.childId(),
        null,
        family.childBirthDate().plusMonths(13),
        new ImmunizationRecord.Coding(system, code, null),
        kind,
        null,
        null,
        null,
        false,
        source,
        ImmunizationRecord.Verification.UNVERIFIED,
        null,
        null,
        "US",
        null,
        "Kaiser Permanente Oakland",
        null,
        1,
        null,
        "guardian",
        "parent-subject",
        NOW,
        NOW,
        credits);
  }

  @Test
  void aForeignMmrvCountsForMrAndVaricellaAndAnUnmappedVaccineIsKeptWithoutCredit() {
    ImmunizationRecord mmrv =
        record(
            "http://hl7.org/fhir/sid/cvx",
            "94",
            "MMRV",
            ImmunizationRecord.Source.ABROAD,
            List.of(
                new ImmunizationRecord.Credit("MR", "1期"),
                new ImmunizationRecord.Credit("VAR", null)));
    ImmunizationRecord unmapped =
        record(
            "http://hl7.org/fhir/sid/cvx",
            "999",
            null,
            ImmunizationRecord.Source.ABROAD,
            List.of());
    transactions.executeWrite(
        status -> {
          history.store(
              List.of(mmrv, unmapped), Map.of(mmrv.id(), "{\"resourceType\":\"Immunization\"}"));
          return null;
        });

    List<ImmunizationRecord> stored = history.ofChild(family.childId());
    assertThat(stored)
        .extracting(ImmunizationRecord::id)
        .containsExactlyInAnyOrder(mmrv.id(), unmapped.id());
    ImmunizationRecord back =
        stored.stream().filter(r -> r.id().equals(mmrv.id())).findFirst().orElseThrow();
    assertThat(back.credits())
        .containsExactly(
            new ImmunizationRecord.Credit("MR", "1期"), new ImmunizationRecord.Credit("VAR", null));
    assertThat(back.vaccine().code()).isEqualTo("94");
    assertThat(back.country()).isEqualTo("US");
    assertThat(
            stored.stream()
                .filter(r -> r.id().equals(unmapped.id()))
                .findFirst()
                .orElseThrow()
                .credits())
        .isEmpty();
  }

  @Test
  void aRecordReadsBackFieldForFieldWithItsReasonAndRetraction() {
    Personas.Clinic clinic = Personas.vaccinatingClinicServing(town);
    ImmunizationRecord given =
        new ImmunizationRecord(
            UUID.randomUUID(),
            town.id(),
            family.childId(),
            null,
            family.childBirthDate().plusMonths(2),
            new ImmunizationRecord.Coding(
                "urn:oid:1.2.392.200119.4.403.1", "1234567890", "ゴービック水性懸濁注"),
            "DPT_IPV_HIB",
            null,
            "AB123",
            "1",
            true,
            ImmunizationRecord.Source.CLINIC,
            ImmunizationRecord.Verification.VERIFIED,
            "clinic:" + clinic.clientId(),
            NOW,
            null,
            clinic.facilityId(),
            null,
            "左上腕",
            1,
            null,
            "clinic",
            clinic.clientId(),
            NOW,
            NOW,
            List.of(new ImmunizationRecord.Credit("DPT_IPV_HIB", "1")));
    ImmunizationRecord abroad =
        record(
            "http://hl7.org/fhir/sid/cvx",
            "03",
            "MR",
            ImmunizationRecord.Source.ABROAD,
            List.of(
                new ImmunizationRecord.Credit("VAR", null),
                new ImmunizationRecord.Credit("MR", "1期")));
    transactions.executeWrite(
        status -> {
          history.store(List.of(given, abroad), Map.of());
          return null;
        });

    assertThat(history.find(given.id()).orElseThrow().record()).isEqualTo(given);
    // Credits come in the order of their series.
    assertThat(history.find(abroad.id()).orElseThrow().record().credits())
        .containsExactly(
            new ImmunizationRecord.Credit("MR", "1期"), new ImmunizationRecord.Credit("VAR", null));
    transactions.executeWrite(
        status -> {
          history.decide(
              abroad.id(),
              ImmunizationRecord.Verification.REJECTED,
              "staff-test",
              NOW.plusSeconds(60),
              "接種記録と一致しません");
          history.retract(given.id(), "clinic-test", NOW.plusSeconds(120));
          return null;
        });
    StoredImmunization retracted = history.find(given.id()).orElseThrow();
    assertThat(retracted.retractedAt()).isEqualTo(NOW.plusSeconds(120));
    assertThat(retracted.version()).isEqualTo(2);
    assertThat(history.find(abroad.id()).orElseThrow().verificationReason())
        .isEqualTo("接種記録と一致しません");
    // A retracted record is no longer the child's record.
    assertThat(
            history
                .storedOfFamily(List.of(family.childId()), List.of(), null)
                .get(family.childId()))
        .extracting(s -> s.record().id())
        .containsExactly(abroad.id());
    assertThat(history.storedOfChild(family.childId()))
        .extracting(s -> s.record().verification())
        .containsExactly(ImmunizationRecord.Verification.REJECTED);
  }

  @Test
  void anUnverifiedRecordCannotCarryAConfirmationAndARecordIsAboutOnePerson() {
    assertThatThrownBy(
            () ->
                Db.update(
                    "INSERT INTO immunization_record (id, municipality_id, child_id,"
                        + " occurrence_date, vaccine_system, vaccine_code, routine, source,"
                        + " verification, verified_by, verified_at, recorded_by_role, recorded_by,"
                        + " recorded_at, updated_at) VALUES (gen_random_uuid(), ?, ?, ?, 'x', 'y',"
                        + " true, 'parent', 'unverified', 'staff', now(), 'guardian', 'p', now(),"
                        + " now())",
                    town.id(),
                    family.childId(),
                    java.sql.Date.valueOf(LocalDate.of(2026, 1, 5))))
        .hasMessageContaining("immunization_record");
    assertThatThrownBy(
            () ->
                Db.update(
                    "INSERT INTO immunization_record (id, municipality_id, child_id, pregnancy_id,"
                        + " occurrence_date, vaccine_system, vaccine_code, routine, source,"
                        + " verification, recorded_by_role, recorded_by, recorded_at, updated_at)"
                        + " VALUES (gen_random_uuid(), ?, ?, ?, ?, 'x', 'y', true, 'clinic',"
                        + " 'verified', 'clinic', 'c', now(), now())",
                    town.id(),
                    family.childId(),
                    family.mother().pregnancyId(),
                    java.sql.Date.valueOf(LocalDate.of(2026, 1, 5))))
        .hasMessageContaining("immunization_record");
  }
}
