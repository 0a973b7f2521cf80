package app.sukoyaka.checkup.handbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.profiles.CheckupItemCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The handbook's texts are data that fits the checkup catalog, in Japanese and English. */
class HandbookTextsTest {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final HandbookTexts TEXTS = HandbookTexts.load();

  @Test
  void theShippedTextsFitTheCatalogEveryKindSortedEveryGuidedAnswerCovered() {
    assertThat(HandbookTextsFactory.problems(TEXTS, CATALOG)).isEmpty();
  }

  @Test
  void theFiveJudgementsAndTheHearingAndScreeningResultsHaveGuidance() {
    assertThat(TEXTS.guidance().get("judgement").keySet())
        .containsExactly(
            "no-abnormality",
            "under-treatment",
            "observation",
            "detailed-examination",
            "treatment");
    assertThat(TEXTS.guidance("judgement", "detailed-examination").orElseThrow().level())
        .isEqualTo(HandbookTexts.Level.ACTION);
    assertThat(TEXTS.guidance("hearing-screening-result", "refer").orElseThrow().level())
        .isEqualTo(HandbookTexts.Level.ATTENTION);
    assertThat(TEXTS.guidance("screening-result", "refer")).isPresent();
    assertThat(TEXTS.guidance("metabolic-screening-result", "refer")).isPresent();
    assertThat(TEXTS.guidance("follow-up-result", "not-attended").orElseThrow().level())
        .isEqualTo(HandbookTexts.Level.ACTION);
  }

  @Test
  void everyGuidanceHasItsNextStepInBothLanguagesAndASourceWithATitle() {
    TEXTS
        .guidance()
        .forEach(
            (set, answers) ->
                answers.forEach(
                    (code, guidance) -> {
                      assertThat(guidance.nextStep().ja()).as(set + "/" + code).isNotBlank();
                      assertThat(guidance.nextStep().en()).as(set + "/" + code).isNotBlank();
                      assertThat(guidance.source().title()).as(set + "/" + code).isNotBlank();
                    }));
    for (HandbookTexts.Level level : HandbookTexts.Level.values()) {
      assertThat(TEXTS.level(level).ja()).isNotBlank();
    }
    for (String label : HandbookTexts.requiredLabels()) {
      assertThat(TEXTS.label(label)).as(label).isPresent();
    }
  }

  @Test
  void aTemplateIsFilledLanguageByLanguage() {
    HandbookTexts.Text title =
        TEXTS
            .template("follow-up")
            .fill("checkup", new HandbookTexts.Text("3歳児健康診査", "3-year child checkup"));

    assertThat(title.ja()).isEqualTo("精密健康診査（3歳児健康診査から）");
    assertThat(title.en()).isEqualTo("Detailed examination (after the 3-year child checkup)");
  }

  @Test
  void aFileWithGuidanceCitingAnUnknownSourceIsRefused() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root =
        (ObjectNode)
            json.readTree(
                HandbookTexts.class.getClassLoader().getResourceAsStream(HandbookTexts.RESOURCE));
    ((ObjectNode) root.path("guidance").path("judgement").path("treatment"))
        .put("source", "nowhere");

    assertThatThrownBy(() -> HandbookTexts.read(root)).hasMessageContaining("nowhere");
  }

  @Test
  void aCatalogKindSortedIntoNoRecordKindIsAProblem() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root =
        (ObjectNode)
            json.readTree(
                HandbookTexts.class.getClassLoader().getResourceAsStream(HandbookTexts.RESOURCE));
    ((ObjectNode) root.path("recordKinds").path("screening")).putArray("checkupKinds");

    assertThat(HandbookTextsFactory.problems(HandbookTexts.read(root), CATALOG))
        .contains("checkup kind newborn-screening is in no record kind");
  }
}
