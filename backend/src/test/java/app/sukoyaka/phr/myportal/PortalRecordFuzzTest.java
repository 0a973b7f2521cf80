package app.sukoyaka.phr.myportal;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;

/**
 * Coverage-guided fuzzing of the My Portal mapper: records in the portal's layout, built from the
 * layout's item names with fuzzed values (or as fuzzed JSON), are mapped or refused as {@link
 * PortalRecordMapper.Unmappable}; nothing else escapes. What is mapped has its date, a catalog
 * checkup kind, findings of catalog items with plausible quantities, and a dose of a known vaccine
 * with a dose label.
 */
class PortalRecordFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final PortalRecordMapper MAPPER =
      new PortalRecordMapper(PortalLayoutMapping.load(CATALOG, VaccineCatalog.load()), CATALOG);
  private static final List<String> ITEMS =
      List.of(
          "健診種別", "受診日", "月齢", "身長", "体重", "頭囲", "胸囲", "総合判定", "実施機関コード", "実施機関名", "ワクチン種類", "接種回数",
          "接種日", "ロット番号", "定期任意区分", "妊娠週数", "妊娠日数", "子宮底長", "腹囲", "血圧（収縮期）", "血圧（拡張期）", "尿蛋白", "尿糖",
          "浮腫");
  private static final List<String> FINDINGS =
      List.of("股関節開排制限", "精神発達", "運動機能", "皮膚", "循環器系", "栄養状態", "身体的発育");
  private static final LocalDate BORN = LocalDate.of(2025, 11, 3);

  @FuzzTest(maxDuration = "20s")
  void fuzzBriefly(FuzzedDataProvider data) {
    check(data);
  }

  @FuzzTest(maxDuration = "30m")
  void fuzzLong(FuzzedDataProvider data) {
    check(data);
  }

  static void check(FuzzedDataProvider data) {
    PortalRecordType type = data.pickValue(PortalRecordType.values());
    JsonNode items = data.consumeBoolean() ? built(data) : parsed(data);
    if (items == null) {
      return;
    }
    PortalRecord record = new PortalRecord("r", type, items);
    try {
      switch (type) {
        case INFANT_CHECKUP -> checkup(MAPPER.infantCheckup(record, BORN));
        case PRENATAL_CHECKUP -> checkup(MAPPER.prenatalCheckup(record));
        case IMMUNIZATION -> dose(MAPPER.dose(record));
        default -> throw new AssertionError(type);
      }
    } catch (PortalRecordMapper.Unmappable refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  private static JsonNode built(FuzzedDataProvider data) {
    ObjectNode items = JSON.createObjectNode();
    int count = data.consumeInt(0, 14);
    for (int i = 0; i < count; i++) {
      items.put(data.pickValue(ITEMS), data.consumeString(24));
    }
    if (data.consumeBoolean()) {
      ArrayNode findings = items.putArray("所見");
      int n = data.consumeInt(0, 4);
      for (int i = 0; i < n; i++) {
        ObjectNode finding = findings.addObject();
        finding.put("項目", data.pickValue(FINDINGS));
        finding.put("結果", data.consumeString(4));
        if (data.consumeBoolean()) {
          finding.put("内容", data.consumeString(16));
        }
      }
    }
    return items;
  }

  private static JsonNode parsed(FuzzedDataProvider data) {
    try {
      JsonNode node = JSON.readTree(data.consumeRemainingAsString());
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  private static void checkup(PortalRecordMapper.MappedCheckup checkup) {
    assertThat(checkup.visitDate()).isNotNull();
    assertThat(CATALOG.kind(checkup.kind())).as(checkup.kind()).isPresent();
    for (PortalRecordMapper.MappedFinding finding : checkup.findings()) {
      CatalogItem item = CATALOG.byCode(finding.itemCode()).orElseThrow();
      if (finding.value() instanceof FindingValue.Quantity quantity
          && item.plausibleRange() != null) {
        assertThat(item.isPlausible(quantity.value(), quantity.unit()))
            .as("%s %s %s", item.code(), quantity.value(), quantity.unit())
            .isTrue();
      }
    }
    if (checkup.gestationalAgeDays() != null) {
      assertThat(checkup.gestationalAgeDays()).isBetween(0, 45 * 7);
    }
  }

  private static void dose(PortalRecordMapper.MappedDose dose) {
    assertThat(dose.date()).isNotNull();
    assertThat(dose.vaccineKind()).isNotBlank();
    assertThat(dose.doseLabel()).isNotBlank();
  }
}
