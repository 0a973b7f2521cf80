package app.sukoyaka.family.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The items parents may record, read against the checkup catalog, and the rules of an entry. */
class OwnRecordRulesTest {
  private static final OwnRecordItems ITEMS = OwnRecordItems.load(CheckupItemCatalog.load());
  private static final OwnRecordRules RULES = new OwnRecordRules(ITEMS);
  private static final LocalDate BORN = LocalDate.of(2026, 1, 10);
  private static final LocalDate TODAY = LocalDate.of(2026, 5, 20);

  private static OwnRecord.Content child(OwnRecordDraft draft) {
    return RULES.content(draft, OwnRecordItems.Owner.CHILD, BORN, TODAY, "guardian");
  }

  @Test
  void theHandbooksMilestonesAndQuestionsAreOfferedWithTheirSourcesAndTypicalWindows() {
    assertThat(ITEMS.sources()).anyMatch(s -> s.contains("省令様式"));
    assertThat(ITEMS.items(OwnRecordKind.MILESTONE))
        .extracting(i -> i.label().ja())
        .contains("首すわり", "寝返り", "ひとり座り", "はいはい", "つかまり立ち", "ひとり歩き");
    assertThat(ITEMS.items(OwnRecordKind.MILESTONE))
        .allSatisfy(i -> assertThat(i.typical().by()).isGreaterThanOrEqualTo(i.typical().from()));
    assertThat(ITEMS.pages()).extracting(OwnRecordItems.Page::code).contains("1-month", "3-years");
    OwnRecordItems.Item weight =
        ITEMS
            .item(OwnRecordKind.MEASUREMENT, "body-weight", OwnRecordItems.Owner.PREGNANCY)
            .orElseThrow();
    // Her weight has the catalog's range for mothers, not the child's.
    assertThat(weight.ranges().get(OwnRecordItems.Owner.PREGNANCY).min())
        .isEqualByComparingTo("20");
  }

  @Test
  void aWeightInGramsIsKeptInKilograms() {
    OwnRecord.Content content =
        child(
            new OwnRecordDraft(
                "measurement",
                "body-weight",
                "2026-05-01",
                new BigDecimal("6480"),
                "g",
                null,
                null,
                null));

    assertThat(content.quantityValue()).isEqualByComparingTo("6.48");
    assertThat(content.quantityUnit()).isEqualTo("kg");
    assertThat(content.author()).isEqualTo("guardian");
  }

  @Test
  void theSameWeightInAnotherUnitIsTheSameCreate() {
    OwnRecord.Content grams =
        child(
            new OwnRecordDraft(
                "measurement",
                "body-weight",
                "2026-05-01",
                new BigDecimal("6500"),
                "g",
                null,
                null,
                null));
    OwnRecord.Content kilos =
        child(
            new OwnRecordDraft(
                "measurement",
                "body-weight",
                "2026-05-01",
                new BigDecimal("6.5"),
                "kg",
                null,
                null,
                null));

    java.util.UUID child = java.util.UUID.randomUUID();
    assertThat(OwnRecordRules.digest(OwnRecordItems.Owner.CHILD, child, grams))
        .isEqualTo(OwnRecordRules.digest(OwnRecordItems.Owner.CHILD, child, kilos));
  }

  @Test
  void aMilestoneBeforeBirthAnAnswerNotOfferedAndAnEmptyDiaryAreRefused() {
    assertThatThrownBy(
            () ->
                child(
                    new OwnRecordDraft(
                        "milestone", "walks-alone", "2025-12-01", null, null, null, null, null)))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("before the child was born");
    assertThatThrownBy(
            () ->
                child(
                    new OwnRecordDraft(
                        "handbook-answer",
                        "social-smile",
                        "2026-05-01",
                        null,
                        null,
                        "maybe",
                        null,
                        null)))
        .hasMessageContaining("answer");
    assertThatThrownBy(
            () ->
                child(new OwnRecordDraft("diary", null, "2026-05-01", null, null, null, " ", null)))
        .hasMessageContaining("text");
    assertThatThrownBy(
            () ->
                child(
                    new OwnRecordDraft(
                        "milestone",
                        "first-fetal-movement",
                        "2026-05-01",
                        null,
                        null,
                        null,
                        null,
                        null)))
        .hasMessageContaining("not a milestone item of a child");
  }
}
