package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.platform.ErrorCode;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Rows of both bundled systems read into the catalog's values, and what each refuses. */
class RowReaderTest {
  private static final Map<String, ImportMapping> MAPPINGS =
      ImportMappings.load(ImportMappingsTest.CATALOG, ImportMappingsTest.VACCINES, List.of());
  private static final Charset SJIS = Charset.forName("windows-31j");

  static final String STANDARD_CHECKUP_HEADER =
      "宛名番号,母子健康手帳番号,出生順位,氏名カナ,生年月日,性別,健診区分,受診日,受診時月齢,受診時日齢,"
          + "体重(kg),身長(cm),頭囲(cm),胸囲(cm),栄養状態,栄養法,身体的発育,精神発達,運動機能,皮膚,"
          + "股関節開排制限,循環器系,呼吸器系,消化器系,泌尿生殖器系,未処置歯数,処置歯数,う蝕罹患型,歯科判定,"
          + "総合判定,精密健診対象,実施機関コード,実施場所";

  static final String LEGACY_CHECKUP_HEADER =
      "住民番号,カナ氏名,生年月日,性別,健診名,健診日,年齢,体重(g),身長(cm),頭囲(cm),栄養,身体発育,精神発達,"
          + "運動発達,皮膚,股関節,心臓,むし歯(未処置),むし歯(処置済),う蝕型,歯の汚れ,判定,精密検査,会場";

  private static List<ImportRow> read(
      String system, ImportMapping.Kind kind, Charset charset, String... lines) throws Exception {
    ImportMapping mapping = MAPPINGS.get(system);
    CsvRecords records =
        new CsvRecords(String.join("\r\n", lines).getBytes(charset), mapping.delimiter());
    List<String> header = RowReader.header(records.next(), charset);
    ImportMapping.Layout layout = mapping.layoutOf(header).orElseThrow();
    assertThat(layout.kind()).isEqualTo(kind);
    RowReader reader = new RowReader(mapping, layout, header, ImportMappingsTest.CATALOG);
    List<ImportRow> rows = new java.util.ArrayList<>();
    while (records.hasNext()) {
      rows.add(reader.read(records.next()));
    }
    return rows;
  }

  private static Map<String, FindingValue> items(ImportRow row) {
    return row.checkup().items().stream()
        .collect(Collectors.toMap(i -> i.item().code(), ImportRow.ItemValue::value));
  }

  @Test
  void aStandardCheckupRowIsReadWithItsCodesUnitsAndTheChildsNumbers() throws Exception {
    ImportRow row =
        read(
                "standard-utf8",
                ImportMapping.Kind.CHECKUP,
                StandardCharsets.UTF_8,
                STANDARD_CHECKUP_HEADER,
                "000123,2024-000045,1,スズキ レン,2024-01-10,1,02,2024-05-20,4,10,6.52,62.1,41.0,40.5,"
                    + "1,2,0,0,0,1,0,0,0,0,0,,,,,4,1,,市保健センター")
            .get(0);

    assertThat(row.errors()).isEmpty();
    assertThat(row.child())
        .isEqualTo(
            new ImportRow.ChildKey(
                "000123", "2024-000045", 1, LocalDate.of(2024, 1, 10), "male", null));
    assertThat(row.checkup().kind()).isEqualTo("infant-3-4-months");
    assertThat(row.checkup().visitDate()).isEqualTo(LocalDate.of(2024, 5, 20));
    assertThat(row.checkup().age()).isEqualTo(new StatedAge(0, 4, 10));
    assertThat(row.checkup().performerName()).isEqualTo("市保健センター");
    Map<String, FindingValue> items = items(row);
    assertThat(items.get("body-weight"))
        .isEqualTo(new FindingValue.Quantity(new BigDecimal("6.52"), "kg"));
    assertThat(items.get("feeding-method"))
        .isEqualTo(
            new FindingValue.Coded("https://sukoyaka.app/fhir/CodeSystem/feeding-method", "mixed"));
    assertThat(items.get("skin-finding"))
        .isEqualTo(
            new FindingValue.Coded(
                "https://sukoyaka.app/fhir/CodeSystem/finding-presence", "present"));
    assertThat(items.get("overall-judgement"))
        .isEqualTo(
            new FindingValue.Coded(
                "https://sukoyaka.app/fhir/CodeSystem/judgement", "detailed-examination"));
    assertThat(items.get("follow-up-referral")).isEqualTo(new FindingValue.Flag(true));
    // 胸囲 is exported but not imported: the catalog records it at the newborn visit only.
    assertThat(items).doesNotContainKey("chest-circumference");
  }

  @Test
  void aLegacyShiftJisRowIsReadWithEraDatesGramsAndValuesWrittenOut() throws Exception {
    ImportRow row =
        read(
                "legacy-sjis",
                ImportMapping.Kind.CHECKUP,
                SJIS,
                LEGACY_CHECKUP_HEADER,
                "000123,スズキ レン,R6.1.10,男,3～4か月児健診,R6.5.20,4ヶ月10日,6520,62.1,41.0,良,なし,なし,"
                    + "なし,あり,なし,なし,,,,,要精検,対象,")
            .get(0);

    assertThat(row.errors()).isEmpty();
    assertThat(row.child().residentNumber()).isEqualTo("000123");
    assertThat(row.child().handbookNumber()).isNull();
    assertThat(row.child().birthDate()).isEqualTo(LocalDate.of(2024, 1, 10));
    assertThat(row.checkup().kind()).isEqualTo("infant-3-4-months");
    assertThat(row.checkup().visitDate()).isEqualTo(LocalDate.of(2024, 5, 20));
    assertThat(row.checkup().age()).isEqualTo(new StatedAge(0, 4, 10));
    // No place in the file: the layout's default.
    assertThat(row.checkup().performerName()).isEqualTo("市町村保健センター（集団健診）");
    Map<String, FindingValue> items = items(row);
    assertThat(((FindingValue.Quantity) items.get("body-weight")).value())
        .isEqualByComparingTo("6.52");
    assertThat(((FindingValue.Coded) items.get("overall-judgement")).code())
        .isEqualTo("detailed-examination");
    assertThat(items.get("follow-up-referral")).isEqualTo(new FindingValue.Flag(true));
  }

  @Test
  void eachBadCellIsReportedWithItsColumnValueAndCode() throws Exception {
    List<ImportRow> rows =
        read(
            "legacy-sjis",
            ImportMapping.Kind.CHECKUP,
            SJIS,
            LEGACY_CHECKUP_HEADER,
            // an unknown checkup name, a western date, 95 kg
            "000123,スズキ レン,R6.1.10,男,4歳児健診,2024-05-20,4ヶ月10日,95000,62.1,41.0,良,なし,なし,"
                + "なし,なし,なし,なし,,,,,異常なし,,",
            // 股関節 is not looked at the 3歳児健診; a judgement the mapping does not know
            "000124,サトウ ハナ,H31.4.30,女,3歳児健診,R4.6.1,3歳1ヶ月,14000,95.0,49.0,良,なし,なし,"
                + "なし,なし,あり,なし,0,0,O型,きれい,要注意,,",
            "000125,too,few");

    assertThat(rows.get(0).errors())
        .extracting(RowError::column, RowError::code)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("健診名", ErrorCode.IMPORT_UNKNOWN_CODE),
            org.assertj.core.groups.Tuple.tuple("健診日", ErrorCode.IMPORT_BAD_DATE),
            org.assertj.core.groups.Tuple.tuple("体重(g)", ErrorCode.IMPORT_IMPLAUSIBLE_VALUE));
    assertThat(rows.get(0).errors()).allSatisfy(e -> assertThat(e.row()).isEqualTo(2));
    assertThat(rows.get(1).errors())
        .extracting(RowError::column, RowError::code, RowError::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("股関節", ErrorCode.IMPORT_ITEM_NOT_AT_CHECKUP, "あり"),
            org.assertj.core.groups.Tuple.tuple("判定", ErrorCode.IMPORT_UNKNOWN_CODE, "要注意"));
    assertThat(rows.get(2).errors())
        .extracting(RowError::code)
        .containsExactly(ErrorCode.IMPORT_ROW_MALFORMED);
    for (ImportRow row : rows) {
      assertThat(row.errors())
          .allSatisfy(
              e -> {
                assertThat(e.messageJa()).isNotBlank();
                assertThat(e.messageEn()).isNotBlank();
              });
    }
  }

  @Test
  void dosesAreReadWithEachSystemsVaccineCodesAndDoseNumbering() throws Exception {
    List<ImportRow> standard =
        read(
            "standard-utf8",
            ImportMapping.Kind.VACCINATION,
            StandardCharsets.UTF_8,
            "宛名番号,母子健康手帳番号,出生順位,生年月日,予防接種コード,接種回数,接種日,ロット番号,実施機関コード," + "実施機関名,接種区分",
            "000123,,,2019-01-10,11,3,2024-02-01,JE123,1312345678,すこやか小児科,1",
            "000123,,,2019-01-10,09,2,2024-04-01,MR9,,,2");
    List<ImportRow> legacy =
        read(
            "legacy-sjis",
            ImportMapping.Kind.VACCINATION,
            SJIS,
            "住民番号,カナ氏名,生年月日,ワクチン名,接種回,接種日,ロット,医療機関名,医療機関コード",
            "000123,スズキ レン,R6.1.10,ロタリックス,2回目,R6.4.10,AROLB123,すこやか小児科,",
            "000123,スズキ レン,R6.1.10,B型肝炎,追加,R6.11.10,,すこやか小児科,");

    assertThat(standard).allSatisfy(r -> assertThat(r.errors()).isEmpty());
    assertThat(legacy).allSatisfy(r -> assertThat(r.errors()).isEmpty());
    assertThat(standard.get(0).vaccination())
        .isEqualTo(
            new ImportRow.Vaccination(
                "JE",
                null,
                "1期追加",
                LocalDate.of(2024, 2, 1),
                "JE123",
                true,
                "1312345678",
                "すこやか小児科"));
    assertThat(standard.get(1).vaccination().doseLabel()).isEqualTo("2期");
    assertThat(standard.get(1).vaccination().routine()).isFalse();
    assertThat(legacy.get(0).vaccination())
        .isEqualTo(
            new ImportRow.Vaccination(
                "ROTA", "RV1", "2", LocalDate.of(2024, 4, 10), "AROLB123", true, null, "すこやか小児科"));
    assertThat(legacy.get(1).vaccination().doseLabel()).isEqualTo("3");
  }
}
