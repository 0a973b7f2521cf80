package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Stored records for mapping tests: a mother at 20 weeks and generated checkups. */
public final class HandbookFhirMapperTestData {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();

  private HandbookFhirMapperTestData() {}

  /** A mother at 20 weeks in 文京区. */
  public static PregnantPerson motherAt20Weeks() {
    UUID person = UUID.randomUUID();
    UUID municipality = UUID.randomUUID();
    Pregnancy pregnancy =
        new Pregnancy(
            UUID.randomUUID(),
            municipality,
            "131059",
            person,
            "山田 花子",
            LocalDate.of(1994, 4, 12),
            "R08-0001",
            LocalDate.of(2026, 9, 5),
            LocalDate.of(2027, 4, 10),
            "active",
            "hanako");
    return new PregnantPerson(
        person,
        municipality,
        "131059",
        "山田",
        "花子",
        "ヤマダ",
        "ハナコ",
        LocalDate.of(1994, 4, 12),
        "female",
        List.of(pregnancy));
  }

  /** A checkup with a random selection of findings, each with a plausible stored value. */
  public static Checkup generatedCheckup(Random random, UUID pregnancyId) {
    List<Checkup.Finding> findings = new ArrayList<>();
    for (CatalogItem item : CATALOG.items()) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      findings.add(
          new Checkup.Finding(
              UUID.randomUUID(),
              UUID.randomUUID(),
              item.code(),
              value(random, item),
              item.fhirCodes().get(random.nextInt(item.fhirCodes().size())).system(),
              null,
              1,
              "final"));
    }
    Checkup draft =
        new Checkup(
            UUID.randomUUID(),
            pregnancyId,
            "prenatal",
            LocalDate.of(2026, 11, 20).minusDays(random.nextInt(200)),
            null,
            "すこやかレディースクリニック",
            "1312345678",
            Instant.parse("2026-11-20T01:00:00Z"),
            List.of());
    // Source codes must be the item's own coding in the chosen system.
    List<Checkup.Finding> coded = new ArrayList<>();
    for (Checkup.Finding finding : findings) {
      CatalogItem item = CATALOG.byCode(finding.itemCode()).orElseThrow();
      String code =
          item.fhirCodes().stream()
              .filter(c -> c.system().equals(finding.sourceSystem()))
              .findFirst()
              .orElseThrow()
              .code();
      coded.add(
          new Checkup.Finding(
              finding.id(),
              finding.observationId(),
              finding.itemCode(),
              finding.value(),
              finding.sourceSystem(),
              code,
              1,
              "final"));
    }
    return new Checkup(
        draft.id(),
        draft.pregnancyId(),
        draft.kind(),
        draft.visitDate(),
        null,
        draft.facilityName(),
        draft.medicalInstitutionCode(),
        draft.recordedAt(),
        coded);
  }

  static FindingValue value(Random random, CatalogItem item) {
    if (item.valueType() == ValueType.CODED) {
      AnswerCode answer = item.answers().get(random.nextInt(item.answers().size()));
      return new FindingValue.Coded(answer.system(), answer.code());
    }
    BigDecimal min = item.plausibleRange().min();
    BigDecimal max = item.plausibleRange().max();
    BigDecimal value =
        min.add(max.subtract(min).multiply(BigDecimal.valueOf(random.nextDouble())))
            .setScale(1, RoundingMode.HALF_UP)
            .max(min)
            .min(max);
    return new FindingValue.Quantity(value, item.canonicalUnit().orElseThrow());
  }
}
