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
 * Profile {@code sukoyaka-epds-response|0.2.0} and Questionnaire {@code epds}; examples under
 * r4/sukoyaka-epds-response.
 */
class EpdsResponseProfileTest {

  private static final String PROFILE_ID = "sukoyaka-epds-response";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String file) {
    return validator.validate(example(PROFILE_ID, file, QuestionnaireResponse.class));
  }

  @Test
  void profileAndQuestionnaireAreVersioned() {
    assertThat(SukoyakaCanonicals.EPDS_RESPONSE_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
    assertThat(SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
        .isEqualTo("https://sukoyaka.app/fhir/Questionnaire/epds|0.2.0");
  }

  // SHALL: questionnaire = epds|0.2.0, status completed, subject, encounter, authored, ten items
  // each with one integer answer.
  @Test
  void tenAnsweredItemsAreAccepted() {
    assertAccepted(validate("valid-ten-answers.json"));
  }

  // SHALL: "Each of the ten EPDS items (linkId 1 to 10) is answered exactly once" (sky-epds-1)
  @Test
  void nineAnswersAreRejected() {
    assertRejectedAt(validate("invalid-nine-answers.json"), "QuestionnaireResponse", "sky-epds-1");
  }

  @Test
  void anItemAnsweredTwiceIsRejected() {
    assertRejectedAt(
        validate("invalid-item-answered-twice.json"), "QuestionnaireResponse", "sky-epds-1");
  }

  // SHALL: "Every answer is one integer score from 0 to 3" (sky-epds-2)
  @Test
  void aScoreOfFourIsRejected() {
    assertRejectedAt(validate("invalid-score-of-four.json"), "QuestionnaireResponse", "sky-epds-2");
  }

  // SHALL: item.answer.value[x] is an integer
  @Test
  void anAnswerCodedInsteadOfScoredIsRejected() {
    ValidationReport report = validate("invalid-answer-as-coding.json");
    assertThat(report.isValid()).isFalse();
    assertThat(report.errors())
        .anySatisfy(
            issue -> assertThat(issue.location()).startsWith("QuestionnaireResponse.item[0]"));
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

  // SHALL: authored 1..1 (the date of the assessment)
  @Test
  void anAssessmentWithoutItsDateIsRejected() {
    assertRejectedAt(
        validate("invalid-without-date.json"),
        "QuestionnaireResponse",
        "Validation_VAL_Profile_Minimum");
  }
}
