package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.CodingRef;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Stored records for mapping tests: a mother at 20 weeks, her children, and generated checkups of
 * every kind with plausible values for whom each item is about.
 */
public final class HandbookFhirMapperTestData {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final String EPDS_ITEM = "epds-item-";
  private static final String EPDS_TOTAL = "epds-total-score";
  private static final List<String> FOUND = List.of("臍ヘルニア", "乳児湿疹", "心雑音（機能性）", "停留精巣の疑い");

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

  /** The mother's child, named, born 2026-11-18, with her handbook's number. */
  public static Child childOf(PregnantPerson mother) {
    Pregnancy pregnancy = mother.pregnancies().get(0);
    return new Child(
        UUID.randomUUID(),
        mother.municipalityId(),
        mother.municipalityCode(),
        pregnancy.handbookNumber(),
        "山田 蓮",
        LocalDate.of(2026, 11, 18),
        "male",
        Set.of("hanako"),
        pregnancy.id(),
        mother.id(),
        "山田",
        "蓮",
        "ヤマダ",
        "レン",
        1,
        false);
  }

  /** The second of the mother's twins, not named yet. */
  public static Child secondTwinOf(PregnantPerson mother) {
    Pregnancy pregnancy = mother.pregnancies().get(0);
    return new Child(
        UUID.randomUUID(),
        mother.municipalityId(),
        mother.municipalityCode(),
        pregnancy.handbookNumber(),
        null,
        LocalDate.of(2026, 11, 18),
        "female",
        Set.of("hanako"),
        pregnancy.id(),
        mother.id(),
        null,
        null,
        null,
        null,
        2,
        true);
  }

  /** A prenatal checkup with a random selection of its items. */
  public static Checkup generatedCheckup(Random random, UUID pregnancyId) {
    return generated(
        random,
        CATALOG.kind(SukoyakaCanonicals.CHECKUP_KIND_PRENATAL).orElseThrow(),
        pregnancyId,
        null);
  }

  /**
   * A checkup of that kind with a random selection of its items, each with a plausible stored value
   * for whom it is about: about the child for a child's kind; at a mother's kind the items only
   * about the child (the newborn at a delivery) name {@code child}. At a postpartum checkup the
   * EPDS is all ten answers of one response and their total, or absent.
   */
  public static Checkup generated(Random random, CheckupKind kind, UUID pregnancyId, Child child) {
    boolean childsKind = kind.subject() == Subject.CHILD;
    List<Checkup.Finding> findings = new ArrayList<>();
    UUID panel = random.nextBoolean() ? UUID.randomUUID() : null;
    for (CatalogItem item : CATALOG.itemsOf(kind.code())) {
      if (item.code().startsWith(EPDS_ITEM) || item.code().equals(EPDS_TOTAL)) {
        continue;
      }
      if (random.nextInt(4) == 0) {
        continue;
      }
      Subject about = childsKind ? Subject.CHILD : onlyAbout(item);
      UUID childId = !childsKind && about == Subject.CHILD ? child.id() : null;
      UUID observation =
          panel != null && item.code().endsWith("-blood-pressure") ? panel : UUID.randomUUID();
      CodingRef source = item.fhirCodes().get(random.nextInt(item.fhirCodes().size()));
      findings.add(
          new Checkup.Finding(
              UUID.randomUUID(),
              observation,
              item.code(),
              value(random, item, about),
              source.system(),
              source.code(),
              1,
              "final",
              childId,
              Checkup.OBSERVATION,
              null));
    }
    if (CATALOG.byCode(EPDS_TOTAL).orElseThrow().checkups().contains(kind.code())
        && random.nextInt(3) > 0) {
      findings.addAll(epds(random));
    }
    String encounterClass =
        kind.encounterClasses().stream()
            .sorted()
            .skip(random.nextInt(kind.encounterClasses().size()))
            .findFirst()
            .orElseThrow();
    return new Checkup(
        UUID.randomUUID(),
        childsKind ? null : pregnancyId,
        childsKind ? child.id() : null,
        kind.code(),
        encounterClass,
        kind.municipalOwn() ? "すこやか市 5歳児健康診査" : null,
        LocalDate.of(2026, 11, 20).minusDays(random.nextInt(200)),
        null,
        "すこやかレディースクリニック",
        "1312345678",
        Instant.parse("2026-11-20T01:00:00Z"),
        findings);
  }

  /** The ten answers of one EPDS response and their total, an Observation of its own. */
  private static List<Checkup.Finding> epds(Random random) {
    UUID response = UUID.randomUUID();
    Instant authored =
        Instant.parse("2026-11-20T01:15:00Z").minusSeconds(random.nextInt(100_000) * 60L);
    List<Checkup.Finding> findings = new ArrayList<>();
    int total = 0;
    for (int i = 1; i <= 10; i++) {
      int score = random.nextInt(4);
      total += score;
      findings.add(
          new Checkup.Finding(
              UUID.randomUUID(),
              response,
              EPDS_ITEM + i,
              new FindingValue.WholeNumber(score),
              SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
              EPDS_ITEM + i,
              1,
              "final",
              null,
              Checkup.QUESTIONNAIRE_RESPONSE,
              authored));
    }
    findings.add(
        new Checkup.Finding(
            UUID.randomUUID(),
            UUID.randomUUID(),
            EPDS_TOTAL,
            new FindingValue.WholeNumber(total),
            SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
            EPDS_TOTAL,
            1,
            "final"));
    return findings;
  }

  /** At a mother's encounter: the child for the newborn's items, else the mother. */
  private static Subject onlyAbout(CatalogItem item) {
    return item.subjects().equals(Set.of(Subject.CHILD)) ? Subject.CHILD : Subject.MOTHER;
  }

  static FindingValue value(Random random, CatalogItem item, Subject about) {
    ValueType type = item.valueType();
    if (type == ValueType.CODED) {
      AnswerCode answer = item.answers().get(random.nextInt(item.answers().size()));
      String text =
          answer.code().equals("present") && random.nextBoolean()
              ? FOUND.get(random.nextInt(FOUND.size()))
              : null;
      return new FindingValue.Coded(answer.system(), answer.code(), text);
    }
    if (type == ValueType.BOOLEAN) {
      return new FindingValue.Flag(random.nextBoolean());
    }
    if (type == ValueType.STRING) {
      return new FindingValue.Text("すこやか総合病院 小児科 " + random.nextInt(100));
    }
    if (type == ValueType.DATE) {
      return new FindingValue.Day(LocalDate.of(2026, 11, 20).minusDays(random.nextInt(400)));
    }
    if (type == ValueType.DATETIME) {
      return new FindingValue.Moment(
          Instant.parse("2026-11-18T05:42:00Z")
              .minusSeconds(random.nextInt(1_000_000))
              .truncatedTo(ChronoUnit.SECONDS));
    }
    PlausibleRange range = item.plausibleRange(about).orElseThrow();
    if (type == ValueType.INTEGER) {
      int min = range.min().intValueExact();
      int max = range.max().intValueExact();
      return new FindingValue.WholeNumber(min + random.nextInt(max - min + 1));
    }
    BigDecimal value =
        range
            .min()
            .add(
                range.max().subtract(range.min()).multiply(BigDecimal.valueOf(random.nextDouble())))
            .setScale(1, RoundingMode.HALF_UP)
            .max(range.min())
            .min(range.max());
    return new FindingValue.Quantity(value, item.canonicalUnit().orElseThrow());
  }
}
