package app.sukoyaka.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import io.micronaut.transaction.TransactionOperations;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkups read back by column position (the handbook, the sync, the timeline and the FHIR reads
 * all read through {@code CheckupReader}): every value type in its own column comes back as it was
 * stored, with its subject, facility, versions and the newborn's findings at the delivery.
 */
class CheckupReadIT {
  private static final Instant RECORDED = Instant.parse("2026-11-20T01:02:03.456789Z");
  private static final Instant BORN = Instant.parse("2026-07-01T20:42:00Z");
  private static final Instant AUTHORED = Instant.parse("2026-08-05T03:15:30Z");
  private static final String OURS = "https://sukoyaka.app/fhir/CodeSystem/checkup-item";

  private CheckupService checkups;
  private TransactionOperations<Connection> transactions;
  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private Personas.Clinic clinic;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void aFamilyWithAnInfantAndAClinic() {
    TestService.server();
    checkups = TestService.bean(CheckupService.class);
    transactions = TestService.bean(TransactionOperations.class);
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    clinic = Personas.clinicServing(town);
  }

  private static NewCheckup.NewFinding finding(String item, FindingValue value) {
    return new NewCheckup.NewFinding(UUID.randomUUID(), UUID.randomUUID(), item, value, OURS, item);
  }

  private NewCheckup prenatal(LocalDate day, List<NewCheckup.NewFinding> findings) {
    return new NewCheckup(
        UUID.randomUUID(),
        "prenatal",
        town.id(),
        family.mother().pregnancyId(),
        null,
        clinic.facilityId(),
        day,
        140,
        findings);
  }

  private void store(NewCheckup... stored) {
    transactions.executeWrite(
        status -> {
          checkups.store(List.of(stored), null, RECORDED);
          return null;
        });
  }

  @Test
  void everyValueTypeComesBackFromItsOwnColumn() {
    NewCheckup.NewFinding weight =
        finding("body-weight", new FindingValue.Quantity(new BigDecimal("58.35"), "kg"));
    NewCheckup.NewFinding edema =
        finding(
            "edema",
            new FindingValue.Coded(
                "https://sukoyaka.app/fhir/CodeSystem/finding-presence", "present", "下腿に軽度"));
    NewCheckup.NewFinding protein =
        finding(
            "urine-protein",
            new FindingValue.Coded("https://sukoyaka.app/fhir/CodeSystem/urine-dipstick", "-"));
    NewCheckup.NewFinding smoking = finding("smoking", new FindingValue.Flag(false));
    NewCheckup.NewFinding note = finding("note", new FindingValue.Text("特記事項なし"));
    NewCheckup.NewFinding lastPeriod =
        finding("last-menstrual-period", new FindingValue.Day(LocalDate.of(2026, 3, 2)));
    NewCheckup.NewFinding caries = finding("caries-count", new FindingValue.WholeNumber(0));
    NewCheckup.NewFinding moment = finding("time-of-birth", new FindingValue.Moment(BORN));
    NewCheckup.NewFinding epds =
        new NewCheckup.NewFinding(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "epds-item-1",
            new FindingValue.WholeNumber(1),
            OURS,
            "epds-item-1",
            null,
            Checkup.QUESTIONNAIRE_RESPONSE,
            AUTHORED);
    List<NewCheckup.NewFinding> all =
        List.of(weight, edema, protein, smoking, note, lastPeriod, caries, moment, epds);
    NewCheckup visit = prenatal(LocalDate.of(2026, 8, 5), all);
    store(visit);

    Checkup read = checkups.checkup(visit.id()).orElseThrow();

    assertThat(read.pregnancyId()).isEqualTo(family.mother().pregnancyId());
    assertThat(read.childId()).isNull();
    assertThat(read.kind()).isEqualTo("prenatal");
    assertThat(read.encounterClass()).isEqualTo("AMB");
    assertThat(read.kindName()).isNull();
    assertThat(read.visitDate()).isEqualTo(LocalDate.of(2026, 8, 5));
    assertThat(read.gestationalAgeDays()).isEqualTo(140);
    assertThat(read.facilityName()).isNotBlank();
    assertThat(read.medicalInstitutionCode()).isEqualTo(clinic.medicalInstitutionCode());
    assertThat(read.recordedAt())
        .isEqualTo(RECORDED.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(read.findings()).hasSize(all.size());
    for (NewCheckup.NewFinding stored : all) {
      Checkup.Finding found =
          read.findings().stream()
              .filter(f -> f.id().equals(stored.id()))
              .findFirst()
              .orElseThrow();
      assertThat(found.observationId()).isEqualTo(stored.observationId());
      assertThat(found.itemCode()).isEqualTo(stored.itemCode());
      assertThat(found.value()).isEqualTo(stored.value());
      assertThat(found.sourceSystem()).isEqualTo(OURS);
      assertThat(found.sourceCode()).isEqualTo(stored.sourceCode());
      assertThat(found.version()).isEqualTo(1);
      assertThat(found.status()).isEqualTo("final");
      assertThat(found.childId()).isNull();
      assertThat(found.resourceType()).isEqualTo(stored.resourceType());
      assertThat(found.authoredAt()).isEqualTo(stored.authoredAt());
    }
    assertThat(checkups.checkupOfObservation(epds.observationId()).orElseThrow().id())
        .isEqualTo(visit.id());
  }

  @Test
  void aDeliveryBelongsToThePregnancyWholeAndToTheChildWithTheNewbornsFindingsOnly() {
    NewCheckup.NewFinding bleeding =
        finding("blood-loss", new FindingValue.Quantity(new BigDecimal("350"), "mL"));
    NewCheckup.NewFinding birthWeight =
        finding("birth-weight", new FindingValue.Quantity(new BigDecimal("3120"), "g"))
            .about(family.childId());
    NewCheckup delivery =
        new NewCheckup(
            UUID.randomUUID(),
            "delivery",
            "IMP",
            null,
            town.id(),
            family.mother().pregnancyId(),
            null,
            clinic.facilityId(),
            family.childBirthDate(),
            280,
            List.of(bleeding, birthWeight));
    NewCheckup earlier = prenatal(family.childBirthDate().minusWeeks(8), List.of());
    NewCheckup oneMonth =
        new NewCheckup(
            UUID.randomUUID(),
            "infant-1-month",
            town.id(),
            null,
            family.childId(),
            clinic.facilityId(),
            family.childBirthDate().plusMonths(1),
            null,
            List.of(
                finding("body-weight", new FindingValue.Quantity(new BigDecimal("4.2"), "kg"))));
    store(earlier, delivery, oneMonth);

    FamilyCheckups read =
        checkups.forFamily(List.of(family.mother().pregnancyId()), List.of(family.childId()), null);

    assertThat(read.ofPregnancy(family.mother().pregnancyId()))
        .extracting(Checkup::id)
        .containsExactly(delivery.id(), earlier.id());
    assertThat(read.ofPregnancy(family.mother().pregnancyId()).get(0).findings()).hasSize(2);
    assertThat(read.ofChild(family.childId()))
        .extracting(Checkup::id)
        .containsExactly(delivery.id(), oneMonth.id());
    assertThat(read.ofChild(family.childId()).get(0).findings())
        .extracting(Checkup.Finding::id)
        .containsExactly(birthWeight.id());
    assertThat(read.ofChild(family.childId()).get(0).findings().get(0).childId())
        .isEqualTo(family.childId());
    // The one-subject reads are the same reads.
    assertThat(checkups.forChild(family.childId())).isEqualTo(read.ofChild(family.childId()));
    assertThat(checkups.forPregnancy(family.mother().pregnancyId()))
        .isEqualTo(read.ofPregnancy(family.mother().pregnancyId()));
    // Only the encounters asked for, still sorted to their subjects.
    FamilyCheckups only =
        checkups.forFamily(
            List.of(family.mother().pregnancyId()),
            List.of(family.childId()),
            Set.of(delivery.id()));
    assertThat(only.ofPregnancy(family.mother().pregnancyId()))
        .extracting(Checkup::id)
        .containsExactly(delivery.id());
    assertThat(only.ofChild(family.childId()))
        .extracting(Checkup::id)
        .containsExactly(delivery.id());
  }

  @Test
  void aRetractedFindingIsNoLongerReadAndACorrectedOneComesWithItsVersion() {
    NewCheckup.NewFinding weight =
        finding("body-weight", new FindingValue.Quantity(new BigDecimal("58.0"), "kg"));
    NewCheckup.NewFinding height =
        finding("body-height", new FindingValue.Quantity(new BigDecimal("160.2"), "cm"));
    NewCheckup visit = prenatal(LocalDate.of(2026, 8, 5), List.of(weight, height));
    store(visit);
    checkups.correct(
        weight.observationId(),
        List.of(finding("body-weight", new FindingValue.Quantity(new BigDecimal("57.4"), "kg"))),
        "corrected",
        "clinic-test",
        RECORDED.plusSeconds(60));
    checkups.correct(
        height.observationId(), List.of(), "entered-in-error", "clinic-test", RECORDED);

    Checkup read = checkups.checkup(visit.id()).orElseThrow();

    assertThat(read.findings()).hasSize(1);
    assertThat(read.findings().get(0).value())
        .isEqualTo(new FindingValue.Quantity(new BigDecimal("57.4"), "kg"));
    assertThat(read.findings().get(0).version()).isEqualTo(2);
    assertThat(read.findings().get(0).status()).isEqualTo("corrected");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding WHERE encounter_id = ?"
                    + " AND status = 'entered-in-error'",
                visit.id()))
        .isEqualTo(1);
  }

  @Test
  void theMunicipalitysCheckupsAreReadSinceAMomentOrAll() {
    NewCheckup visit = prenatal(LocalDate.of(2026, 8, 5), List.of());
    store(visit);

    assertThat(checkups.forMunicipality(town.id(), null))
        .extracting(Checkup::id)
        .containsExactly(visit.id());
    assertThat(checkups.forMunicipality(town.id(), RECORDED.minusSeconds(1)))
        .extracting(Checkup::id)
        .containsExactly(visit.id());
    assertThat(checkups.forMunicipality(town.id(), RECORDED.plusSeconds(1))).isEmpty();
  }
}
