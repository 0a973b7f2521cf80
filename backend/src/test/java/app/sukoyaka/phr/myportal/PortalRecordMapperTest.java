package app.sukoyaka.phr.myportal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The mapping file against the catalogs, and records of the portal's layout through it. */
class PortalRecordMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final VaccineCatalog VACCINES = VaccineCatalog.load();
  private static final PortalLayoutMapping MAPPING = PortalLayoutMapping.load(CATALOG, VACCINES);
  private static final PortalRecordMapper MAPPER = new PortalRecordMapper(MAPPING, CATALOG);
  private static final LocalDate BORN = LocalDate.of(2025, 11, 3);

  @Test
  void theMappingFileNamesItsSourcesVersionAndEffectiveDate() {
    assertThat(MAPPING.version()).isNotBlank();
    assertThat(MAPPING.effectiveFrom()).isEqualTo(LocalDate.of(2026, 4, 1));
    assertThat(MAPPING.sources()).anySatisfy(s -> assertThat(s).contains("最低限電子化すべき項目"));
  }

  @Test
  void
      theMappingSaysPlainlyThatItFollowsTheSeedsAndTheSimulatorUntilTheOfficialLayoutIsPublished() {
    assertThat(MAPPING.basis().officialLayoutPublished()).isFalse();
    assertThat(MAPPING.version()).endsWith("-provisional");
    assertThat(MAPPING.basis().en()).contains("not public", "seeds", "simulator");
    assertThat(MAPPING.basis().ja()).contains("公開されていません", "シミュレーター");
    assertThat(MAPPING.basis().whenPublished())
        .anySatisfy(step -> assertThat(step).contains("simulator-records.json"))
        .anySatisfy(step -> assertThat(step).contains("officialLayoutPublished"));
  }

  @Test
  void aMappingThatDoesNotSayWhatItFollowsIsRefused() throws Exception {
    ObjectNode root;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(PortalLayoutMapping.RESOURCE)) {
      root = (ObjectNode) JSON.readTree(in);
    }
    ((ObjectNode) root.path("basis")).remove("whenPublished");
    assertThatThrownBy(() -> PortalLayoutMapping.read(root, CATALOG, VACCINES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("basis.whenPublished");
    root.remove("basis");
    assertThatThrownBy(() -> PortalLayoutMapping.read(root, CATALOG, VACCINES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("basis must say");
  }

  @Test
  void anInfantCheckupBecomesCatalogFindingsInTheCatalogsUnits() throws Exception {
    PortalRecordMapper.MappedCheckup checkup =
        MAPPER.infantCheckup(
            record(
                PortalRecordType.INFANT_CHECKUP,
                "{\"健診種別\":\"02\",\"受診日\":\"2026-02-12\",\"月齢\":\"3か月9日\",\"身長\":\"61.8\","
                    + "\"体重\":\"6.52\",\"頭囲\":\"40.6\",\"所見\":[{\"項目\":\"股関節開排制限\",\"結果\":\"2\","
                    + "\"内容\":\"左開排制限\"},{\"項目\":\"精神発達\",\"結果\":\"1\"}],\"総合判定\":\"4\","
                    + "\"実施機関コード\":\"1312345678\",\"実施機関名\":\"すこやか小児科\"}"),
            BORN);

    assertThat(checkup.kind()).isEqualTo("infant-3-4-months");
    assertThat(checkup.visitDate()).isEqualTo(LocalDate.of(2026, 2, 12));
    assertThat(checkup.facilityCode()).isEqualTo("1312345678");
    assertThat(((FindingValue.Quantity) checkup.value("body-weight")).value())
        .isEqualByComparingTo("6.52");
    assertThat(((FindingValue.Quantity) checkup.value("body-weight")).unit()).isEqualTo("kg");
    assertThat(((FindingValue.Quantity) checkup.value("body-length")).unit()).isEqualTo("cm");
    assertThat(((FindingValue.Quantity) checkup.value("age-at-checkup")).value())
        .isEqualByComparingTo(BigDecimal.valueOf(101));
    FindingValue.Coded hip = (FindingValue.Coded) checkup.value("hip-abduction-limitation");
    assertThat(hip.code()).isEqualTo("present");
    assertThat(hip.text()).isEqualTo("左開排制限");
    assertThat(hip.system()).isEqualTo("https://sukoyaka.app/fhir/CodeSystem/finding-presence");
    assertThat(((FindingValue.Coded) checkup.value("overall-judgement")).code())
        .isEqualTo("detailed-examination");
    assertThat(checkup.notKept()).isEmpty();
  }

  @Test
  void anItemTheCatalogDoesNotRecordAtThatCheckupIsReportedAndNotKept() throws Exception {
    PortalRecordMapper.MappedCheckup checkup =
        MAPPER.infantCheckup(
            record(
                PortalRecordType.INFANT_CHECKUP,
                "{\"健診種別\":\"01\",\"受診日\":\"2025-12-04\",\"胸囲\":\"36.4\",\"体重\":\"4.38\","
                    + "\"実施機関名\":\"すこやか小児科\"}"),
            BORN);

    assertThat(checkup.value("chest-circumference")).isNull();
    assertThat(checkup.notKept()).singleElement().asString().startsWith("胸囲");
  }

  @Test
  void aStatedAgeThatDoesNotFitTheDatesAnUnknownKindAndAnImplausibleWeightAreRefused() {
    assertThatThrownBy(
            () ->
                MAPPER.infantCheckup(
                    record(
                        PortalRecordType.INFANT_CHECKUP,
                        "{\"健診種別\":\"02\",\"受診日\":\"2026-02-12\",\"月齢\":\"4か月0日\","
                            + "\"実施機関名\":\"x\"}"),
                    BORN))
        .isInstanceOf(PortalRecordMapper.Unmappable.class)
        .hasMessageContaining("does not fit");
    assertThatThrownBy(
            () ->
                MAPPER.infantCheckup(
                    record(
                        PortalRecordType.INFANT_CHECKUP,
                        "{\"健診種別\":\"99\",\"受診日\":\"2026-02-12\",\"実施機関名\":\"x\"}"),
                    BORN))
        .isInstanceOf(PortalRecordMapper.Unmappable.class)
        .hasMessageContaining("'99'");
    // Grams where the layout says kilograms: 6520 kg is no infant's weight.
    assertThatThrownBy(
            () ->
                MAPPER.infantCheckup(
                    record(
                        PortalRecordType.INFANT_CHECKUP,
                        "{\"健診種別\":\"02\",\"受診日\":\"2026-02-12\",\"体重\":\"6520\","
                            + "\"実施機関名\":\"x\"}"),
                    BORN))
        .isInstanceOf(PortalRecordMapper.Unmappable.class)
        .hasMessageContaining("not plausible");
  }

  @Test
  void dosesTakeTheScheduleDoseLabelsOfTheirVaccine() throws Exception {
    PortalRecordMapper.MappedDose je =
        MAPPER.dose(
            record(
                PortalRecordType.IMMUNIZATION,
                "{\"ワクチン種類\":\"13\",\"接種回数\":\"3\",\"接種日\":\"2029-12-01\","
                    + "\"ロット番号\":\"JR123\",\"定期任意区分\":\"1\",\"実施機関名\":\"x\"}"));
    assertThat(je.vaccineKind()).isEqualTo("JE");
    assertThat(je.doseLabel()).isEqualTo("1期追加");
    assertThat(je.lotNumber()).isEqualTo("JR123");
    assertThat(je.routine()).isTrue();

    PortalRecordMapper.MappedDose mr =
        MAPPER.dose(
            record(
                PortalRecordType.IMMUNIZATION,
                "{\"ワクチン種類\":\"11\",\"接種回数\":\"2\",\"接種日\":\"2031-05-01\",\"実施機関名\":\"x\"}"));
    assertThat(mr.doseLabel()).isEqualTo("2期");
    assertThat(mr.routine()).isNull();

    PortalRecordMapper.MappedDose rota =
        MAPPER.dose(
            record(
                PortalRecordType.IMMUNIZATION,
                "{\"ワクチン種類\":\"06\",\"接種回数\":\"2\",\"接種日\":\"2026-01-03\",\"実施機関名\":\"x\"}"));
    assertThat(rota.vaccineKind()).isEqualTo("ROTA");
    assertThat(rota.product()).isEqualTo("RV1");

    assertThatThrownBy(
            () ->
                MAPPER.dose(
                    record(
                        PortalRecordType.IMMUNIZATION,
                        "{\"ワクチン種類\":\"10\",\"接種回数\":\"2\",\"接種日\":\"2026-01-03\","
                            + "\"実施機関名\":\"x\"}")))
        .isInstanceOf(PortalRecordMapper.Unmappable.class)
        .hasMessageContaining("not a dose of BCG");
  }

  @Test
  void aPrenatalCheckupGivesItsGestationalAgeInDays() throws Exception {
    PortalRecordMapper.MappedCheckup checkup =
        MAPPER.prenatalCheckup(
            record(
                PortalRecordType.PRENATAL_CHECKUP,
                "{\"受診日\":\"2026-03-02\",\"妊娠週数\":\"24\",\"妊娠日数\":\"3\",\"体重\":\"58.1\","
                    + "\"血圧（収縮期）\":\"118\",\"尿蛋白\":\"2\",\"実施機関名\":\"x\"}"));

    assertThat(checkup.gestationalAgeDays()).isEqualTo(171);
    assertThat(((FindingValue.Coded) checkup.value("urine-protein")).code()).isEqualTo("trace");
    assertThat(((FindingValue.Quantity) checkup.value("systolic-blood-pressure")).unit())
        .isEqualTo("mm[Hg]");
  }

  @Test
  void everyRecordTheSimulatorServesMapsWholeThroughTheFile() throws Exception {
    JsonNode template;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(MyPortalSimulator.TEMPLATE)) {
      template = JSON.readTree(in);
    }
    int mapped = 0;
    for (JsonNode visit : template.path("child").path("infant-checkups")) {
      ObjectNode items = visit.path("items").deepCopy();
      items.put("受診日", BORN.plusDays(visit.path("day").asLong()).toString());
      MAPPER.infantCheckup(new PortalRecord("r", PortalRecordType.INFANT_CHECKUP, items), BORN);
      mapped++;
    }
    for (JsonNode dose : template.path("child").path("immunizations")) {
      ObjectNode items = dose.path("items").deepCopy();
      items.put("接種日", BORN.plusDays(dose.path("day").asLong()).toString());
      MAPPER.dose(new PortalRecord("r", PortalRecordType.IMMUNIZATION, items));
      mapped++;
    }
    for (JsonNode visit : template.path("pregnancy").path("prenatal-checkups")) {
      ObjectNode items = visit.path("items").deepCopy();
      items.put("受診日", "2026-01-10");
      MAPPER.prenatalCheckup(new PortalRecord("r", PortalRecordType.PRENATAL_CHECKUP, items));
      mapped++;
    }
    assertThat(mapped).isEqualTo(12);
  }

  @Test
  void aMappingThatNamesAnItemOrAnswerTheCatalogsDoNotKnowIsRefusedWithEveryReason()
      throws Exception {
    ObjectNode root;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(PortalLayoutMapping.RESOURCE)) {
      root = (ObjectNode) JSON.readTree(in);
    }
    ((ObjectNode) root.path("infantCheckup").path("quantities").get(0)).put("item", "no-such-item");
    ((ObjectNode) root.path("infantCheckup").path("judgements").path("values")).put("9", "maybe");
    ((ObjectNode) root.path("immunization").path("vaccines")).putObject("99").put("kind", "XYZ");

    assertThatThrownBy(() -> PortalLayoutMapping.read(root, CATALOG, VACCINES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-item")
        .hasMessageContaining("has no answer maybe")
        .hasMessageContaining("no vaccine kind");
  }

  private static PortalRecord record(PortalRecordType type, String items) throws Exception {
    return new PortalRecord("R-1", type, JSON.readTree(items));
  }
}
