package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportMappingsTest {
  static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  static final VaccineCatalog VACCINES = VaccineCatalog.load();

  @Test
  void theBundledMappingsFitTheCatalogsAndSayWhereTheirLayoutComesFrom() {
    Map<String, ImportMapping> mappings = ImportMappings.load(CATALOG, VACCINES, List.of());

    assertThat(mappings).containsOnlyKeys("standard-utf8", "legacy-sjis");
    ImportMapping standard = mappings.get("standard-utf8");
    ImportMapping legacy = mappings.get("legacy-sjis");
    assertThat(standard.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(legacy.charset().name()).isEqualTo("windows-31j");
    assertThat(standard.dates()).isEqualTo(JapaneseDates.Style.WESTERN);
    assertThat(legacy.dates()).isEqualTo(JapaneseDates.Style.WAREKI);
    for (ImportMapping mapping : mappings.values()) {
      assertThat(mapping.source())
          .startsWith("vendor export layout as configured by the municipality");
      assertThat(mapping.layouts())
          .extracting(ImportMapping.Layout::kind)
          .containsExactlyInAnyOrder(
              ImportMapping.Kind.CHECKUP,
              ImportMapping.Kind.VACCINATION,
              ImportMapping.Kind.PRENATAL);
      // 妊婦健診 are placed in the pregnancy by their gestational age, as at clinic intake.
      assertThat(mapping.layout(ImportMapping.Kind.PRENATAL).orElseThrow().itemColumns())
          .extracting(ImportMapping.Column::item)
          .contains("gestational-age", "systolic-blood-pressure", "urine-protein");
    }
  }

  @Test
  void theSameCodeMeansWhatEachSystemSaysItMeans() {
    Map<String, ImportMapping> mappings = ImportMappings.load(CATALOG, VACCINES, List.of());
    ImportMapping.Column standardJudgement =
        column(mappings.get("standard-utf8"), ImportMapping.Kind.CHECKUP, "総合判定");
    ImportMapping.Column legacyJudgement =
        column(mappings.get("legacy-sjis"), ImportMapping.Kind.CHECKUP, "判定");

    assertThat(standardJudgement.codes()).containsEntry("4", "detailed-examination");
    assertThat(legacyJudgement.codes())
        .containsEntry("要精検", "detailed-examination")
        .containsEntry("要観察", "observation");
    assertThat(
            column(mappings.get("standard-utf8"), ImportMapping.Kind.VACCINATION, "予防接種コード")
                .codes())
        .containsEntry("04", new ImportMapping.VaccineTarget("ROTA", "RV1"));
  }

  @Test
  void aMunicipalitysOwnMappingIsReadFromTheConfiguredDirectory(@TempDir Path dir)
      throws Exception {
    String own =
        new String(
                ImportMappingsTest.class
                    .getResourceAsStream(ImportMappings.RESOURCE_DIR + "standard-utf8.json")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("\"system\": \"standard-utf8\"", "\"system\": \"bunkyo-kenko\"")
            .replace("\"format\"", "\"municipalities\": [\"131059\"], \"format\"");
    Files.writeString(dir.resolve("bunkyo-kenko.json"), own);

    Map<String, ImportMapping> mappings = ImportMappings.load(CATALOG, VACCINES, List.of(dir));

    assertThat(mappings).containsKey("bunkyo-kenko");
    assertThat(mappings.get("bunkyo-kenko").isFor("131059")).isTrue();
    assertThat(mappings.get("bunkyo-kenko").isFor("131016")).isFalse();
    assertThat(mappings.get("bunkyo-kenko").origin()).endsWith("bunkyo-kenko.json");
  }

  @Test
  void aMappingThatDoesNotFitTheCatalogsStopsTheStartWithEveryReason(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("broken.json"),
        """
        {"format": "sukoyaka-import-mapping/1", "system": "broken",
         "name": {"ja": "壊れた設定", "en": "Broken"}, "source": "test",
         "effectiveFrom": "2024-04-01", "encoding": "UTF-8", "dates": "western",
         "layouts": [{"kind": "checkup", "performerName": "保健センター", "columns": [
           {"name": "宛名番号", "field": "residentNumber"},
           {"name": "生年月日", "field": "birthDate"},
           {"name": "健診", "field": "checkupKind", "codes": {"1": "prenatal"}},
           {"name": "受診日", "field": "visitDate"},
           {"name": "体重", "item": "body-weight", "unit": "lb"},
           {"name": "判定", "item": "overall-judgement", "codes": {"1": "fine"}},
           {"name": "なぞ", "item": "no-such-item"}]}]}
        """);

    assertThatThrownBy(() -> ImportMappings.load(CATALOG, VACCINES, List.of(dir)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken.json")
        .hasMessageContaining("prenatal is not a child's checkup")
        .hasMessageContaining("body-weight needs its unit")
        .hasMessageContaining("fine is not an answer of overall-judgement")
        .hasMessageContaining("no catalog item no-such-item");
  }

  @Test
  void aSystemIdUsedTwiceIsRefused(@TempDir Path dir) throws Exception {
    Files.write(
        dir.resolve("copy.json"),
        ImportMappingsTest.class
            .getResourceAsStream(ImportMappings.RESOURCE_DIR + "legacy-sjis.json")
            .readAllBytes());

    assertThatThrownBy(() -> ImportMappings.load(CATALOG, VACCINES, List.of(dir)))
        .hasMessageContaining("the system id legacy-sjis is already used");
  }

  static ImportMapping.Column column(ImportMapping mapping, ImportMapping.Kind kind, String name) {
    return mapping.layout(kind).orElseThrow().columns().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
