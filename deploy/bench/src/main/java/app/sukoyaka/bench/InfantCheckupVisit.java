package app.sukoyaka.bench;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * An infant or child checkup (乳幼児健康診査) as a clinic submits it: the child's Patient (with the mother
 * extension naming her by her handbook number), the Encounter, and one Observation per item the
 * catalog lists for the kind, except the three follow-up items a clinic only fills in after a
 * referral. The items, their codings, JP Core categories, units and answers come from the catalog;
 * the values are an unremarkable child's of that age (growth near the middle of the Japanese
 * survey's curves, milestones reached, normal answers). The default is the 3～4か月児健康診査 of the ingest
 * and validation benchmarks.
 */
final class InfantCheckupVisit {
  static final String CHECKUP_KIND = "infant-3-4-months";
  static final int AGE_IN_DAYS = 112;

  private static final CheckupItemCatalog CATALOG = ClinicBundle.CATALOG;
  private static final String FACILITY = "1312345678";

  /**
   * Body measurements of an unremarkable child by age in days (about the medians of the 2023
   * Japanese survey, boys and girls together): weight kg, length cm, head and chest circumference
   * cm. Values between two ages are interpolated.
   */
  private static final double[][] GROWTH = {
    {0, 3.0, 49.0, 33.5, 32.0},
    {30, 4.6, 54.0, 37.0, 37.0},
    {AGE_IN_DAYS, 6.45, 62.3, 40.8, 41.0},
    {210, 8.0, 68.0, 43.5, 43.5},
    {300, 8.8, 71.5, 45.0, 45.0},
    {548, 10.6, 80.5, 47.0, 48.0},
    {1096, 13.9, 94.5, 49.0, 50.5},
    {2192, 19.5, 114.0, 51.0, 56.0},
  };

  private static final List<String> AFTER_REFERRAL =
      List.of("follow-up-visit-date", "follow-up-facility", "follow-up-result");

  /** The items one submission of the default kind carries. */
  static final List<CatalogItem> ITEMS = items(CHECKUP_KIND);

  /** Patient, Encounter and one Observation per item. */
  static final int RESOURCES = 2 + ITEMS.size();

  private InfantCheckupVisit() {}

  /** What changes from one submission of the default checkup to the next. */
  record Visit(String bundleId, String handbookNumber, LocalDate visitDate) {}

  /** A checkup of that kind of that child on that day. */
  record ChildVisit(
      String bundleId, String kind, ClinicBundle.ChildPatient child, LocalDate visitDate) {}

  /** The 3～4か月 checkup as JSON, with fresh fullUrls. */
  static String bundle(Visit visit) {
    return bundle(
        new ChildVisit(
            visit.bundleId(),
            CHECKUP_KIND,
            new ClinicBundle.ChildPatient(
                PrenatalVisit.MUNICIPALITY_CODE,
                visit.handbookNumber(),
                visit.visitDate().minusDays(AGE_IN_DAYS),
                "male",
                "山田",
                "陽翔",
                "M" + visit.handbookNumber()),
            visit.visitDate()));
  }

  /** The checkup as JSON, with fresh fullUrls. */
  static String bundle(ChildVisit visit) {
    return builder(visit).json();
  }

  /** The checkup, to add to or render. */
  static ClinicBundle builder(ChildVisit visit) {
    CheckupKind kind = CATALOG.kind(visit.kind()).orElseThrow();
    ClinicBundle bundle =
        ClinicBundle.aboutChild(
                visit.bundleId(),
                kind.code(),
                kind.encounterClasses().iterator().next(),
                visit.visitDate(),
                visit.child())
            .heldBy(FACILITY);
    long ageInDays = ChronoUnit.DAYS.between(visit.child().birthDate(), visit.visitDate());
    for (CatalogItem item : items(kind.code())) {
      value(bundle, item, visit.visitDate(), ageInDays);
    }
    return bundle;
  }

  /** The items a submission of that kind carries: all but the follow-up ones. */
  static List<CatalogItem> items(String kind) {
    return CATALOG.itemsOf(kind).stream()
        .filter(item -> !AFTER_REFERRAL.contains(item.code()))
        .toList();
  }

  /** An unremarkable finding: normal answers, milestones reached, no referral. */
  static void value(ClinicBundle bundle, CatalogItem item, LocalDate visitDate, long ageInDays) {
    ValueType type = item.valueType();
    switch (type) {
      case QUANTITY -> {
        String unit = item.canonicalUnit().orElseThrow();
        bundle.quantity(item.code(), quantity(item, ageInDays), unit);
      }
      case CODED -> bundle.unremarkable(item.code());
      case BOOLEAN -> bundle.flag(item.code(), !item.code().equals("follow-up-referral"));
      case STRING -> bundle.text(item.code(), "すこやか小児科クリニック");
      case DATE -> bundle.date(item.code(), visitDate);
      case DATETIME -> bundle.datetime(item.code(), visitDate + "T10:00:00+09:00");
      case INTEGER -> bundle.integer(item.code(), item.plausibleRange().min().intValueExact());
    }
  }

  /** A measurement of a child of that age in the item's canonical unit; others get mid-range. */
  static BigDecimal quantity(CatalogItem item, long ageInDays) {
    int column =
        switch (item.code()) {
          case "age-at-checkup" -> 0;
          case "body-weight" -> 1;
          case "body-length" -> 2;
          case "head-circumference" -> 3;
          case "chest-circumference" -> 4;
          default -> -1;
        };
    if (column == 0) {
      return BigDecimal.valueOf(ageInDays);
    }
    if (column < 0) {
      PlausibleRange range = item.plausibleRange(Subject.CHILD).orElseThrow();
      return range.min().add(range.max()).divide(BigDecimal.valueOf(2), 1, RoundingMode.DOWN);
    }
    double[] before = GROWTH[0];
    double[] after = GROWTH[GROWTH.length - 1];
    for (int i = 1; i < GROWTH.length; i++) {
      if (GROWTH[i][0] >= ageInDays) {
        before = GROWTH[i - 1];
        after = GROWTH[i];
        break;
      }
    }
    double share =
        after[0] == before[0]
            ? 1
            : Math.min(1, Math.max(0, (ageInDays - before[0]) / (after[0] - before[0])));
    double value = before[column] + share * (after[column] - before[column]);
    return BigDecimal.valueOf(value).setScale(column == 1 ? 2 : 1, RoundingMode.HALF_UP);
  }
}
