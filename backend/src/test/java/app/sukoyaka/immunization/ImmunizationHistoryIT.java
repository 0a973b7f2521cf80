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
