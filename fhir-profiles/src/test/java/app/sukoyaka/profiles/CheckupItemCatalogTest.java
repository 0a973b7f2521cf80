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
import org.junit.jupiter.api.Test;

class CheckupItemCatalogTest {

  private final CheckupItemCatalog catalog = CheckupItemCatalog.load();

  private CatalogItem item(String code) {
    return catalog.byCode(code).orElseThrow();
  }

  @Test
  void catalogIsVersion010WithThePrenatalItemsInHandbookOrder() {
    assertThat(catalog.version()).isEqualTo(SukoyakaCanonicals.VERSION);
    assertThat(catalog.effectiveFrom()).isEqualTo(LocalDate.of(2023, 4, 1));
    assertThat(catalog.sources()).anySatisfy(source -> assertThat(source).contains("省令様式"));
    assertThat(catalog.items())
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
    assertThat(catalog.byCoding(LOINC_SYSTEM, "8302-2")).isEmpty();
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
  void everyItemIsPrenatalNotMandatoryToDigitiseAndAcceptedByItsOwnCode() {
    assertThat(catalog.items())
        .allSatisfy(
            item -> {
              assertThat(item.checkups()).containsExactly(SukoyakaCanonicals.CHECKUP_KIND_PRENATAL);
              assertThat(item.mandatoryDigitisation()).isFalse();
              assertThat(item.isCodedBy(CHECKUP_ITEM_SYSTEM, item.code())).isTrue();
              assertThat(item.label().ja()).isNotBlank();
              assertThat(item.label().en()).isNotBlank();
            });
    assertThat(catalog.notes()).anySatisfy(note -> assertThat(note).contains("最低限電子化すべき情報"));
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
