package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.profiles.PrescreeningQuestionnaire.Item;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.ItemType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.Test;

/**
 * The pre-vaccination questionnaire data ({@code vaccination-prescreening.json}) and the FHIR
 * Questionnaire generated from it.
 */
class PrescreeningQuestionnaireTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
  private final PrescreeningQuestionnaire questionnaire = PrescreeningQuestionnaire.load();

  private static List<String> linkIds(List<Item> items) {
    return items.stream().map(Item::linkId).toList();
  }

  @Test
  void theFormAsksTheNationalQuestionsForEveryVaccineInTheOrderOfTheForm() {
    List<String> asked = linkIds(questionnaire.itemsFor("DPT_IPV_HIB", TODAY));

    assertThat(asked)
        .containsSubsequence(
            "vaccine",
            "temperature",
            "unwell-today",
            "ill-past-month",
            "vaccinated-past-month",
            "underlying-condition",
            "convulsion",
            "allergy",
            "relative-immunodeficiency",
            "previous-reaction",
            "relative-reaction",
            "transfusion-gamma-globulin",
            "questions",
            "consent")
        .contains("birth-weight", "unwell-today-symptoms")
        .noneMatch(linkId -> linkId.startsWith("rota-") || linkId.startsWith("bcg-"));
  }

  @Test
  void perVaccineQuestionsAreAskedOnlyForTheirVaccineWithTheirFollowUps() {
    assertThat(linkIds(questionnaire.itemsFor("ROTA", TODAY)))
        .contains(
            "rota-intussusception", "rota-gi-disorder", "rota-gi-disorder-treated", "rota-scid")
        .doesNotContain("bcg-keloid", "hpv-pregnant");
    assertThat(linkIds(questionnaire.itemsFor("BCG", TODAY)))
        .contains("bcg-tuberculosis", "bcg-tb-contact", "bcg-keloid")
        .contains("live-immunosuppressive-treatment");
    assertThat(linkIds(questionnaire.itemsFor("HPV", TODAY)))
        .contains("hpv-pregnant", "hpv-fainting")
        // The HPV form is for girls of 12 to 16: it has no questions on the birth.
        .doesNotContain("birth-weight", "birth-abnormality");
    assertThat(linkIds(questionnaire.itemsFor("MR", TODAY)))
        .contains("mr-high-dose-gamma-globulin-past-year", "mr-high-dose-gamma-globulin-date");
  }

  @Test
  void rotaQuestionsApplyFromTheDayRotaBecameRoutine() {
    assertThat(linkIds(questionnaire.itemsFor("ROTA", LocalDate.of(2020, 9, 30))))
        .doesNotContain("rota-intussusception");
    assertThat(linkIds(questionnaire.itemsFor("ROTA", LocalDate.of(2020, 10, 1))))
        .contains("rota-intussusception");
  }

  @Test
  void everyQuestionHasJapaneseAndEnglishTextAndNamesKnownSources() {
    assertThat(questionnaire.items()).hasSizeGreaterThan(40);
    for (Item item : questionnaire.items()) {
      assertThat(item.text().ja()).as(item.linkId()).isNotBlank();
      assertThat(item.text().en()).as(item.linkId()).isNotBlank();
      assertThat(item.sources()).as(item.linkId()).isNotEmpty();
      assertThat(questionnaire.sources().keySet()).containsAll(item.sources());
    }
    assertThat(questionnaire.sources().values())
        .allSatisfy(source -> assertThat(source.location()).isNotBlank());
  }

  @Test
  void theTemperatureIsADecimalInCelsiusWithinWhatABodyCanHave() {
    Item temperature = questionnaire.item("temperature").orElseThrow();
    assertThat(temperature.type()).isEqualTo(ItemType.DECIMAL);
    assertThat(temperature.unit().ucum()).isEqualTo("Cel");
    assertThat(temperature.required()).isTrue();
    assertThat(temperature.range().contains(new java.math.BigDecimal("37.5"))).isTrue();
    assertThat(temperature.range().contains(new java.math.BigDecimal("43.0"))).isFalse();
  }

  @Test
  void theVaccinesAreTheRoutineSchedulesVaccineIds() {
    assertThat(questionnaire.vaccines())
        .extracting(PrescreeningQuestionnaire.Vaccine::id)
        .containsExactly(
            "DPT_IPV_HIB",
            "DPT_IPV",
            "HIB",
            "PCV",
            "HEPB",
            "ROTA",
            "BCG",
            "MR",
            "VAR",
            "JE",
            "DT",
            "HPV");
    assertThat(questionnaire.item("vaccine").orElseThrow().options())
        .extracting(PrescreeningQuestionnaire.Option::code)
        .hasSize(12);
  }

  @Test
  void aFollowUpOfAQuestionThatDoesNotExistIsRefused() {
    String document =
        "{\"format\":\"sukoyaka-prescreening-questionnaire/1\",\"version\":\"1\","
            + "\"effectiveFrom\":\"2013-04-01\",\"title\":{\"ja\":\"t\",\"en\":\"t\"},"
            + "\"sources\":{\"s\":{\"title\":\"s\",\"location\":\"s\"}},\"vaccines\":[],"
            + "\"items\":[{\"linkId\":\"a\",\"text\":{\"ja\":\"a\",\"en\":\"a\"},"
            + "\"type\":\"string\",\"required\":true,"
            + "\"enableWhen\":{\"linkId\":\"missing\",\"answer\":true},"
            + "\"effective\":{\"from\":\"2013-04-01\"},\"sources\":[\"s\"]}]}";

    assertThatThrownBy(
            () ->
                PrescreeningQuestionnaire.parse(
                    new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("follows no earlier yes/no question");
  }

  // The generated Questionnaire is a valid FHIR R4 Questionnaire.
  @Test
  void theGeneratedQuestionnaireIsValidFhir() {
    JsonNode json =
        ConformanceGenerator.read(
            ConformanceGenerator.DEFAULT_ROOT.resolve(
                "conformance/Questionnaire-vaccination-prescreening.json"));
    Questionnaire resource =
        ProfileAssertions.FHIR.newJsonParser().parseResource(Questionnaire.class, json.toString());

    ValidationReport report =
        SukoyakaValidator.create(ProfileAssertions.FHIR)
            .validate(resource, "http://hl7.org/fhir/StructureDefinition/Questionnaire");

    ProfileAssertions.assertAccepted(report);
    assertThat(resource.getItem()).hasSize(questionnaire.items().size());
    Questionnaire.QuestionnaireItemComponent rota =
        resource.getItem().stream()
            .filter(item -> item.getLinkId().equals("rota-intussusception"))
            .findFirst()
            .orElseThrow();
    assertThat(rota.getEnableWhenFirstRep().getQuestion()).isEqualTo("vaccine");
    assertThat(rota.getEnableWhenFirstRep().getAnswerStringType().getValue()).isEqualTo("ROTA");
    assertThat(
            rota.getTextElement()
                .getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/translation")
                .getExtensionString("content"))
        .isEqualTo("Has the child ever had intussusception?");
  }
}
