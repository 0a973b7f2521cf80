package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.Subject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The values the benchmarks' clinic records and loaded findings carry: plausible for their item and
 * subject, on the catalog's lists of the kinds they are written for.
 */
class FamilyRecordsTest {
  private static final List<String> CHILD_KINDS =
      List.of(
          "infant-1-month",
          "infant-3-4-months",
          "infant-6-7-months",
          "infant-9-10-months",
          "child-18-months",
          "child-3-years");

  @Test
  void theFourMonthOldOfTheIngestAndValidationBenchmarksKeepsItsMeasurements() {
    assertThat(InfantCheckupVisit.quantity(ClinicBundle.item("body-weight"), 112))
        .isEqualByComparingTo("6.45");
    assertThat(InfantCheckupVisit.quantity(ClinicBundle.item("body-length"), 112))
        .isEqualByComparingTo("62.3");
    assertThat(InfantCheckupVisit.quantity(ClinicBundle.item("head-circumference"), 112))
        .isEqualByComparingTo("40.8");
    assertThat(InfantCheckupVisit.quantity(ClinicBundle.item("age-at-checkup"), 112))
        .isEqualByComparingTo("112");
  }

  @Test
  void aChildGrowsBetweenCheckupsAndStaysInsideEachItemsPlausibleRange() {
    BigDecimal previous = BigDecimal.ZERO;
    for (long age : new long[] {33, 110, 200, 290, 555, 1110}) {
      BigDecimal weight = InfantCheckupVisit.quantity(ClinicBundle.item("body-weight"), age);
      assertThat(weight).isGreaterThan(previous);
      previous = weight;
      for (String item :
          List.of("body-weight", "body-length", "head-circumference", "chest-circumference")) {
        CatalogItem catalogItem = ClinicBundle.item(item);
        assertThat(
                catalogItem
                    .plausibleRange(Subject.CHILD)
                    .orElseThrow()
                    .contains(InfantCheckupVisit.quantity(catalogItem, age)))
            .as(item + " at " + age + " days")
            .isTrue();
      }
    }
  }

  @Test
  void theLoadedFindingsOfEachKindAreItemsOfThatKindWithPlausibleValues() {
    assertFindings("prenatal", OtherFamilies.prenatal(), Subject.MOTHER);
    assertFindings("delivery", OtherFamilies.delivery(), null);
    for (String kind : CHILD_KINDS) {
      assertFindings(kind, OtherFamilies.child(kind), Subject.CHILD);
      assertThat(OtherFamilies.child(kind)).hasSameSizeAs(InfantCheckupVisit.items(kind));
    }
  }

  @Test
  void theDeliveryNamesTheNewbornInTheFindingsAboutTheChild() {
    assertThat(
            OtherFamilies.delivery().stream()
                .filter(OtherFamilies.Finding::newborn)
                .map(OtherFamilies.Finding::item))
        .contains("birth-weight", "apgar-5-minute", "birth-special-findings")
        .doesNotContain("delivery-method", "delivery-blood-loss");
  }

  private static void assertFindings(
      String kind, List<OtherFamilies.Finding> findings, Subject subject) {
    for (OtherFamilies.Finding finding : findings) {
      CatalogItem item = ClinicBundle.item(finding.item());
      assertThat(item.checkups()).as(finding.item()).contains(kind);
      assertThat(finding.valueType()).isEqualTo(item.valueType().name().toLowerCase());
      if (finding.quantity() != null) {
        assertThat(finding.unit()).isEqualTo(item.canonicalUnit().orElseThrow());
        assertThat(
                (subject == null
                        ? item.plausibleRange()
                        : item.plausibleRange(subject).orElse(item.plausibleRange()))
                    .contains(finding.quantity()))
            .as(finding.item() + " " + finding.quantity())
            .isTrue();
      }
      if (finding.code() != null) {
        assertThat(item.answer(finding.codeSystem(), finding.code()))
            .as(finding.item())
            .isPresent();
      }
    }
  }
}
