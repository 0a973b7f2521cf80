package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM;
import static app.sukoyaka.profiles.SukoyakaCanonicals.LOINC_SYSTEM;
import static app.sukoyaka.profiles.SukoyakaCanonicals.MEDIS_BODY_MEASUREMENT_SYSTEM;
import static app.sukoyaka.profiles.SukoyakaCanonicals.OEDEMA_GRADE_SYSTEM;
import static app.sukoyaka.profiles.SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckupItemCatalogTest {

  private final CheckupItemCatalog catalog = CheckupItemCatalog.load();

  private CatalogItem item(String code) {
    return catalog.byCode(code).orElseThrow();
  }

  @Test
  void catalogCoversEveryRecordKindOfTheHandbookWithThePrenatalItemsFirstInHandbookOrder() {
    assertThat(catalog.version()).isEqualTo(SukoyakaCanonicals.VERSION);
    assertThat(catalog.effectiveFrom()).isEqualTo(LocalDate.of(2023, 4, 1));
    assertThat(catalog.sources()).anySatisfy(source -> assertThat(source).contains("省令様式"));
    assertThat(catalog.kinds())
        .extracting(CheckupKind::code)
        .containsExactly(
            "prenatal",
            "delivery",
            "postpartum-2-weeks",
            "postpartum-1-month",
            "postpartum-care",
            "newborn-screening",
            "newborn-visit",
            "infant-1-month",
            "infant-3-4-months",
            "infant-6-7-months",
            "infant-9-10-months",
            "child-18-months",
            "child-3-years",
            "municipal-checkup");
    assertThat(catalog.kinds())
        .allSatisfy(kind -> assertThat(catalog.itemsOf(kind.code())).isNotEmpty());
    assertThat(catalog.items()).hasSizeGreaterThanOrEqualTo(150);
    assertThat(catalog.items().subList(0, 10))
        .extracting(CatalogItem::code)
        .containsExactly(
            "gestational-age",
            "fundal-height",
            "abdominal-circumference",
            "body-weight",
            "systolic-blood-pressure",
            "diastolic-blood-pressure",
            "oedema",
            "urine-protein",
            "urine-glucose",
            "fetal-heart-activity");
  }

  @Test
  void bodyWeightIsPlausibleForEachSubjectOnItsOwnScale() {
    CatalogItem weight = item("body-weight");

    assertThat(weight.isPlausibleFor(Subject.MOTHER, new BigDecimal("58.4"))).isTrue();
    assertThat(weight.isPlausibleFor(Subject.CHILD, new BigDecimal("6.4"))).isTrue();
    // A 90 kg infant is a typo or a wrong unit; a 90 kg mother is not.
    assertThat(weight.isPlausibleFor(Subject.CHILD, new BigDecimal("90"))).isFalse();
    assertThat(weight.isPlausibleFor(Subject.MOTHER, new BigDecimal("90"))).isTrue();
    // The profile can only check the widest range.
    assertThat(weight.plausibleRange().min()).isEqualByComparingTo("0.3");
    assertThat(weight.plausibleRange().max()).isEqualByComparingTo("250");
  }

  @Test
  void aNewbornOfNinetyKilogramsIsImplausibleAtBirth() {
    assertThat(item("birth-weight").isPlausible(new BigDecimal("90"), "kg")).isFalse();
    assertThat(item("birth-weight").isPlausible(new BigDecimal("3012"), "g")).isTrue();
  }

  @Test
  void everyJudgementAndResultTheFamilySeesIsExplainedInPlainWords() {
    for (String set :
        List.of(
            "judgement",
            "follow-up-result",
            "screening-result",
            "test-result",
            "metabolic-screening-result",
            "hearing-screening-result")) {
      assertThat(catalog.answerSet(set).orElseThrow().answers())
          .as(set)
          .allSatisfy(
              answer -> {
                assertThat(answer.plainExplanation()).isPresent();
                assertThat(answer.explanation().ja()).isNotBlank();
                assertThat(answer.explanation().en()).isNotBlank();
              });
    }
    assertThat(catalog.answerSet("judgement").orElseThrow().answers())
        .extracting(answer -> answer.label().ja())
        .containsExactly("異常なし", "既医療", "要経過観察", "要精密", "要治療");
  }

  @Test
  void theEpdsHasTenItemsScoredZeroToThreeAndATotalOfThirty() {
    for (int i = 1; i <= 10; i++) {
      CatalogItem question = item("epds-item-" + i);
      assertThat(question.valueType()).isEqualTo(ValueType.INTEGER);
      assertThat(question.plausibleRange().max()).isEqualByComparingTo("3");
    }
    assertThat(item("epds-total-score").plausibleRange().max()).isEqualByComparingTo("30");
  }

  @Test
  void childCheckupsRecordNothingAboutTheMother() {
    catalog.kinds().stream()
        .filter(kind -> kind.subject() == Subject.CHILD)
        .forEach(
            kind ->
                assertThat(catalog.itemsOf(kind.code()))
                    .as(kind.code())
                    .allSatisfy(item -> assertThat(item.isAbout(Subject.CHILD)).isTrue()));
  }

  @Test
  void parentsMayRecordGrowthAndMilestonesOnly() {
    assertThat(item("body-weight").isParentRecordable()).isTrue();
    assertThat(item("body-length").isParentRecordable()).isTrue();
    assertThat(item("overall-judgement").isParentRecordable()).isFalse();
    assertThat(catalog.items())
        .filteredOn(CatalogItem::isParentRecordable)
        .allSatisfy(
            item ->
                assertThat(
                        item.category().equals("body-measurement")
                            || item.valueType() == ValueType.BOOLEAN)
                    .as(item.code())
                    .isTrue());
  }

  @Test
  void loadSharesOneParsedCatalog() {
    assertThat(CheckupItemCatalog.load()).isSameAs(catalog);
  }

  @Test
  void gramsConvertToTheCanonicalKilograms() {
    CatalogItem weight = item("body-weight");

    assertThat(weight.canonicalUnit()).contains("kg");
    assertThat(weight.toCanonical(new BigDecimal("58400"), "g"))
        .hasValueSatisfying(kg -> assertThat(kg).isEqualByComparingTo("58.4"));
    assertThat(weight.toCanonical(new BigDecimal("58.4"), "kg"))
        .hasValueSatisfying(kg -> assertThat(kg).isEqualByComparingTo("58.4"));
  }

  @Test
  void weeksConvertToTheCanonicalDays() {
    assertThat(item("gestational-age").toCanonical(new BigDecimal("24"), "wk"))
        .hasValueSatisfying(days -> assertThat(days).isEqualByComparingTo("168"));
  }

  @Test
  void unitsTheItemDoesNotAcceptHaveNoConversion() {
    CatalogItem weight = item("body-weight");

    assertThat(weight.toCanonical(BigDecimal.TEN, "cm")).isEmpty();
    // UCUM is case-sensitive: "KG" is not kilogram.
    assertThat(weight.toCanonical(BigDecimal.TEN, "KG")).isEmpty();
    assertThat(item("oedema").toCanonical(BigDecimal.ONE, "kg")).isEmpty();
    assertThat(item("oedema").canonicalUnit()).isEmpty();
  }

  @Test
  void bodyWeightIsFoundByLoincByMedisAndByOurOwnCode() {
    CatalogItem weight = item("body-weight");

    assertThat(catalog.byCoding(LOINC_SYSTEM, "29463-7")).contains(weight);
    assertThat(catalog.byCoding(MEDIS_BODY_MEASUREMENT_SYSTEM, "31000296")).contains(weight);
    assertThat(catalog.byCoding(CHECKUP_ITEM_SYSTEM, "body-weight")).contains(weight);
  }

  @Test
  void bothLoincGestationalAgeCodesNameTheSameItem() {
    assertThat(catalog.byCoding(LOINC_SYSTEM, "18185-9"))
        .isEqualTo(catalog.byCoding(LOINC_SYSTEM, "11884-4"))
        .contains(item("gestational-age"));
  }

  @Test
  void codingsOutsideTheCatalogFindNothing() {
    assertThat(catalog.byCoding(LOINC_SYSTEM, "8867-4")).isEmpty();
    assertThat(catalog.byCoding("http://snomed.info/sct", "29463-7")).isEmpty();
    assertThat(catalog.byCode("height")).isEmpty();
  }

  @Test
  void bloodPressurePanelComponentsResolveToTheSystolicAndDiastolicItems() {
    CodingRef panelCode = CheckupItemCatalog.BLOOD_PRESSURE_PANEL;
    CatalogPanel panel = catalog.panelByCoding(panelCode.system(), panelCode.code()).orElseThrow();

    assertThat(panel.components())
        .containsExactly("systolic-blood-pressure", "diastolic-blood-pressure");
    assertThat(catalog.byCoding(LOINC_SYSTEM, "8480-6")).contains(item("systolic-blood-pressure"));
    assertThat(catalog.byCoding(LOINC_SYSTEM, "8462-4")).contains(item("diastolic-blood-pressure"));
    assertThat(catalog.byCoding(panelCode.system(), panelCode.code())).isEmpty();
  }

  @Test
  void plausibleRangeRejectsImpossibleValuesInAnyAcceptedUnit() {
    CatalogItem weight = item("body-weight");

    assertThat(weight.plausibleRange().contains(new BigDecimal("58.4"))).isTrue();
    assertThat(weight.plausibleRange().contains(new BigDecimal("20"))).isTrue();
    assertThat(weight.plausibleRange().contains(new BigDecimal("250"))).isTrue();
    assertThat(weight.plausibleRange().contains(new BigDecimal("584"))).isFalse();
    assertThat(weight.isPlausible(new BigDecimal("58400"), "g")).isTrue();
    assertThat(weight.isPlausible(new BigDecimal("58.4"), "g")).isFalse();
    assertThat(weight.isPlausible(new BigDecimal("58.4"), "cm")).isFalse();
    assertThat(item("gestational-age").isPlausible(new BigDecimal("46"), "wk")).isFalse();
  }

  @Test
  void codedItemsKnowTheirAnswers() {
    CatalogItem protein = item("urine-protein");

    assertThat(protein.valueType()).isEqualTo(ValueType.CODED);
    assertThat(protein.plausibleRange()).isNull();
    assertThat(protein.answer(URINE_DIPSTICK_SYSTEM, "plus-2"))
        .hasValueSatisfying(answer -> assertThat(answer.label().ja()).isEqualTo("2+"));
    assertThat(protein.answer(OEDEMA_GRADE_SYSTEM, "plus-2")).isEmpty();
    assertThat(item("oedema").answers())
        .extracting(AnswerCode::code)
        .containsExactly("none", "plus-1", "plus-2");
  }

  @Test
  void everyItemIsAcceptedByItsOwnCodeAndLabelledInJapaneseAndEnglish() {
    assertThat(catalog.items())
        .allSatisfy(
            item -> {
              assertThat(item.isCodedBy(CHECKUP_ITEM_SYSTEM, item.code())).isTrue();
              assertThat(item.label().ja()).isNotBlank();
              assertThat(item.label().en()).isNotBlank();
              assertThat(item.source()).isNotBlank();
            });
    assertThat(catalog.notes()).anySatisfy(note -> assertThat(note).contains("最低限電子化すべき項目"));
  }

  // Seed 004: the judgements, measurements, screenings and follow-up that must follow a child who
  // moves are mandatory to digitise; the items added in 令和5 to the standard format are not.
  @Test
  void theMandatoryToDigitiseItemsFollowSeed004() {
    for (String mandatory :
        List.of(
            "birth-weight",
            "body-length",
            "overall-judgement",
            "metabolic-screening-result",
            "hearing-first-right",
            "follow-up-result",
            "gestational-age")) {
      assertThat(item(mandatory).mandatoryDigitisation()).as(mandatory).isTrue();
    }
    for (String standardOnly :
        List.of("smoking-in-pregnancy", "epds-total-score", "postpartum-care-type")) {
      assertThat(item(standardOnly).mandatoryDigitisation()).as(standardOnly).isFalse();
    }
  }

  @Test
  void aCodingThatNamesTwoItemsIsRejectedAtLoadTime() {
    String json =
        """
        {"part": "test", "items": [
          %s, %s
        ]}
        """
            .formatted(weightLike("weight-a"), weightLike("weight-b"));

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("29463-7");
  }

  @Test
  void aQuantityWhoseFirstUnitIsNotCanonicalIsRejectedAtLoadTime() {
    String json =
        """
        {"part": "test", "items": [%s]}
        """
            .formatted(weightLike("weight").replace("\"factor\": 1", "\"factor\": 1000"));

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonical");
  }

  private static String weightLike(String code) {
    return """
        {"code": "%s", "label": {"ja": "体重", "en": "Weight"}, "valueType": "quantity",
         "units": [{"ucum": "kg", "factor": 1}], "plausibleRange": {"min": 1, "max": 2},
         "checkups": ["prenatal"], "mandatoryDigitisation": false, "source": "test",
         "subjects": ["mother"], "category": "body-measurement",
         "fhirCodes": [{"system": "http://loinc.org", "code": "29463-7"},
                       {"system": "https://sukoyaka.app/fhir/CodeSystem/checkup-item", "code": "%s"}]}
        """
        .formatted(code, code);
  }

  /** Parses one part document under a header that knows the prenatal kind. */
  private static CheckupItemCatalog parse(String part) {
    String header =
        """
        {"version": "0.0.1", "effectiveFrom": "2023-04-01", "source": ["test"], "parts": ["part.json"],
         "checkupKinds": [{"code": "prenatal", "label": {"ja": "妊婦健康診査", "en": "Prenatal"},
                           "subject": "mother", "encounterClasses": ["AMB"]}]}
        """;
    return CheckupItemCatalog.parse(
        new ByteArrayInputStream(header.getBytes(StandardCharsets.UTF_8)),
        name -> new ByteArrayInputStream(part.getBytes(StandardCharsets.UTF_8)));
  }
}
