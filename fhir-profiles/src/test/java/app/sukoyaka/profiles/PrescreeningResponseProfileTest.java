package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile {@code sukoyaka-prescreening-response|0.2.0}; examples under
 * r4/sukoyaka-prescreening-response. HAPI's validator does not read the Questionnaire, so every
 * rule of the questionnaire is an invariant of the profile, generated from its data.
 */
class PrescreeningResponseProfileTest {

  private static final String PROFILE_ID = "sukoyaka-prescreening-response";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String file) {
    return validator.validate(
        example(PROFILE_ID, file, QuestionnaireResponse.class),
        SukoyakaCanonicals.PRESCREENING_RESPONSE_PROFILE);
  }

  @Test
  void profileAndQuestionnaireAreVersioned() {
    assertThat(SukoyakaCanonicals.PRESCREENING_RESPONSE_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
    assertThat(SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE)
        .isEqualTo("https://sukoyaka.app/fhir/Questionnaire/vaccination-prescreening|0.2.0");
  }

  // SHALL: questionnaire = vaccination-prescreening|0.2.0, status completed, subject, authored,
  // every question asked for every vaccine answered with a value of its type.
  @Test
  void anInfantsAnswersForTheSecondDoseOfTheFiveInOneVaccineAreAccepted() {
    assertAccepted(validate("valid-infant-dose-2.json"));
  }

  @Test
  void rotaQuestionsAndFollowUpsAfterAYesAreAccepted() {
    assertAccepted(validate("valid-rota-with-follow-ups.json"));
  }

  @Test
  void aTransfusionWithItsDateAndTheMrQuestionsAreAccepted() {
    assertAccepted(validate("valid-mr-after-gamma-globulin.json"));
  }

  // SHALL: "temperature … has one answer, a decimal from 34 to 42 Cel" (sky-pre-temperature)
  @Test
  void aTemperatureThatCannotBeABodyTemperatureIsRejected() {
    assertRejectedAt(
        validate("invalid-temperature-43-5.json"), "QuestionnaireResponse", "sky-pre-temperature");
  }

  @Test
  void aTemperatureWrittenAsTextIsRejected() {
    assertRejectedAt(
        validate("invalid-temperature-as-string.json"),
        "QuestionnaireResponse",
        "sky-pre-temperature");
  }

  // SHALL: "The questions asked for every vaccine are answered" (sky-pre-required)
  @Test
  void answersWithoutTheTemperatureAreRejected() {
    assertRejectedAt(
        validate("invalid-without-temperature.json"), "QuestionnaireResponse", "sky-pre-required");
  }

  // SHALL: "Every item is a question of the pre-vaccination questionnaire, answered once"
  @Test
  void anAnswerToAQuestionTheFormDoesNotAskIsRejected() {
    assertRejectedAt(
        validate("invalid-unknown-question.json"), "QuestionnaireResponse", "sky-pre-items");
  }

  // SHALL: a follow-up is answered only and always when the question it follows is answered yes
  @Test
  void unwellTodayWithoutTheSymptomsIsRejected() {
    assertRejectedAt(
        validate("invalid-unwell-without-symptoms.json"),
        "QuestionnaireResponse",
        "sky-pre-when-unwell-today-symptoms");
  }

  @Test
  void anIllnessNamedAfterAnsweringNoIsRejected() {
    assertRejectedAt(
        validate("invalid-illness-named-after-no.json"),
        "QuestionnaireResponse",
        "sky-pre-when-ill-past-month-name");
  }

  // SHALL: a per-vaccine question is answered only and always for its vaccines
  @Test
  void aRotaQuestionAnsweredForTheFiveInOneVaccineIsRejected() {
    assertRejectedAt(
        validate("invalid-rota-question-for-another-vaccine.json"),
        "QuestionnaireResponse",
        "sky-pre-when-rota-intussusception");
  }

  @Test
  void rotaAnswersWithoutTheIntussusceptionQuestionAreRejected() {
    assertRejectedAt(
        validate("invalid-rota-without-its-questions.json"),
        "QuestionnaireResponse",
        "sky-pre-when-rota-intussusception");
  }

  // SHALL: the vaccine is one of the routine schedule's vaccine ids (sky-pre-vaccine)
  @Test
  void aVaccineOutsideTheRoutineScheduleIsRejected() {
    assertRejectedAt(
        validate("invalid-unknown-vaccine.json"), "QuestionnaireResponse", "sky-pre-vaccine");
  }

  @Test
  void aKindOfIllnessTheFormDoesNotListIsRejected() {
    assertRejectedAt(
        validate("invalid-unknown-condition-kind.json"),
        "QuestionnaireResponse",
        "sky-pre-underlying-condition-kind");
  }

  @Test
  void consentAnsweredTwiceIsRejected() {
    assertRejectedAt(
        validate("invalid-consent-answered-twice.json"),
        "QuestionnaireResponse",
        "sky-pre-consent");
  }

  // SHALL: status = completed
  @Test
  void anUnfinishedQuestionnaireIsRejected() {
    ValidationReport report = validate("invalid-in-progress.json");
    assertThat(report.isValid()).isFalse();
    assertThat(report.errors())
        .anySatisfy(
            issue -> assertThat(issue.location()).startsWith("QuestionnaireResponse.status"));
  }
}
