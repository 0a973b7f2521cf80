package app.sukoyaka.municipality.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureDefinitionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode shipped() throws Exception {
    try (InputStream in =
        FigureDefinitionsTest.class
            .getClassLoader()
            .getResourceAsStream(FigureDefinitions.RESOURCE)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  @Test
  void theShippedDefinitionsNameEveryFigureTheServiceCountsWithItsTextsInJapaneseAndEnglish() {
    FigureDefinitions definitions = FigureDefinitions.load();
    assertThat(definitions.figures().keySet())
        .containsExactlyInAnyOrderElementsOf(FigureComputations.COMPUTED);
    for (FigureDefinitions.Figure figure : definitions.figures().values()) {
      assertThat(figure.numerator().ja()).isNotBlank();
      assertThat(figure.denominator().en()).isNotBlank();
      assertThat(figure.sources()).as(figure.id()).isNotEmpty();
    }
    assertThat(definitions.parameters().epdsThreshold()).isEqualTo(9);
    assertThat(definitions.statuses().get(0).code()).isEqualTo("open");
  }

  @Test
  void theServiceCannotStartWithAFigureItHasNoCountFor() throws Exception {
    ObjectNode root = shipped();
    ObjectNode extra = ((ObjectNode) root.path("figures").get(0)).deepCopy();
    extra.put("id", "teeth-brushed");
    ((ArrayNode) root.path("figures")).add(extra);
    FigureDefinitions definitions = FigureDefinitions.read(root);
    assertThatThrownBy(() -> new FigureComputations(definitions, CheckupWindows.load(), List.of()))
        .hasMessageContaining("teeth-brushed");
  }

  @Test
  void aRateOfAMeasureTheFigureLacksIsRefused() throws Exception {
    ObjectNode root = shipped();
    ObjectNode figure = (ObjectNode) root.path("figures").get(0);
    ((ObjectNode) figure.path("rates").get(0)).put("numerator", "smiles");
    assertThatThrownBy(() -> FigureDefinitions.read(root)).hasMessageContaining("rate");
  }

  @Test
  void anUnknownDimensionIsRefused() throws Exception {
    ObjectNode root = shipped();
    ((ArrayNode) root.path("figures").get(0).path("dimensions")).add("shoeSize");
    assertThatThrownBy(() -> FigureDefinitions.read(root)).hasMessageContaining("shoeSize");
  }

  @Test
  void prenatalGapBandsMustFollowOneAnother() throws Exception {
    ObjectNode root = shipped();
    ((ObjectNode) root.path("parameters").path("prenatalGaps").get(1)).put("fromWeek", 30);
    assertThatThrownBy(() -> FigureDefinitions.read(root)).hasMessageContaining("prenatalGaps");
  }

  @Test
  void aTextWithoutEnglishIsRefused() throws Exception {
    ObjectNode root = shipped();
    ((ObjectNode) root.path("figures").get(0).path("title")).remove("en");
    assertThatThrownBy(() -> FigureDefinitions.read(root)).hasMessageContaining("ja and en");
  }

  @Test
  void everyDimensionHasItsLabel() {
    Labels labels = Labels.load();
    for (String dimension : FigureDefinitions.DIMENSIONS) {
      assertThat(labels.dimension(dimension).ja()).isNotBlank();
    }
    for (FigureDefinitions.Figure figure : FigureDefinitions.load().figures().values()) {
      figure.measures().forEach(m -> assertThat(labels.measure(m).en()).isNotBlank());
      figure.rates().forEach(r -> assertThat(labels.rate(r.id()).en()).isNotBlank());
    }
  }

  @Test
  void fiscalYearCohortsBeginInApril() {
    assertThat(FigureSql.cohortOf(java.time.LocalDate.of(2025, 3, 31))).isEqualTo(2024);
    assertThat(FigureSql.cohortOf(java.time.LocalDate.of(2025, 4, 1))).isEqualTo(2025);
    assertThat(FigureSql.trendStart(java.time.LocalDate.of(2026, 11, 22), 24))
        .isEqualTo(java.time.LocalDate.of(2024, 12, 1));
  }
}
