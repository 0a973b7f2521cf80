package app.sukoyaka.immunization.prescreening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The guardian's answers held to the questionnaire: all taken, or none with every reason. */
class AnswerCheckTest {
  private static final LocalDate DAY = LocalDate.of(2026, 8, 20);
  private final AnswerCheck check = new AnswerCheck(PrescreeningQuestionnaire.load());

  private static Map<String, Object> base(String vaccine) {
    return EligibilityCheckTest.baseAnswers(vaccine, DAY);
  }

  private Answers checkWith(String vaccine, Consumer<Map<String, Object>> change) {
    Map<String, Object> answers = base(vaccine);
    change.accept(answers);
    return check.check(vaccine, null, DAY, answers);
  }

  private List<AnswerError> errorsWith(String vaccine, Consumer<Map<String, Object>> change) {
    try {
      checkWith(vaccine, change);
    } catch (PrescreeningInputException e) {
      return e.errors();
    }
    throw new AssertionError("The answers were taken");
  }

  @Test
  void completeAnswersAreTakenInTheOrderOfTheFormWithTheVaccineFilledFromTheRequest() {
    Answers answers = check.check("DPT_IPV_HIB", "2", DAY, base("DPT_IPV_HIB"));

    assertThat(answers.byLinkId().keySet())
        .startsWith("vaccine", "dose", "read-explanation", "temperature")
        .endsWith("consent");
    assertThat(answers.get("vaccine").orElseThrow().codes()).containsExactly("DPT_IPV_HIB");
    assertThat(answers.get("dose").orElseThrow().text()).isEqualTo("2");
    assertThat(answers.get("temperature").orElseThrow().number())
        .isEqualByComparingTo(new BigDecimal("36.6"));
  }

  @Test
  void aQuestionTheFormDoesNotHaveIsRefused() {
    assertThat(errorsWith("DPT_IPV_HIB", a -> a.put("favourite-food", "いちご")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(AnswerError.Kind.UNKNOWN_QUESTION);
              assertThat(e.field()).isEqualTo("answers.favourite-food");
            });
  }

  @Test
  void aTemperatureAsTextIsTheWrongType() {
    assertThat(errorsWith("DPT_IPV_HIB", a -> a.put("temperature", "36.8")))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.WRONG_TYPE);
  }

  @Test
  void aTemperatureNoBodyCanHaveIsOutOfRange() {
    List<AnswerError> errors =
        errorsWith("DPT_IPV_HIB", a -> a.put("temperature", new BigDecimal("47.5")));

    assertThat(errors).extracting(AnswerError::kind).containsExactly(AnswerError.Kind.OUT_OF_RANGE);
    assertThat(errors.get(0).message()).contains("34", "42");
  }

  @Test
  void aFeverIsAnAnswerNotAnError() {
    assertThat(
            checkWith("DPT_IPV_HIB", a -> a.put("temperature", 38.9))
                .get("temperature")
                .orElseThrow()
                .number())
        .isEqualByComparingTo("38.9");
  }

  @Test
  void aMissingRequiredAnswerIsNamed() {
    List<AnswerError> errors = errorsWith("DPT_IPV_HIB", a -> a.remove("consent"));

    assertThat(errors).extracting(AnswerError::field).containsExactly("answers.consent");
    assertThat(errors.get(0).kind()).isEqualTo(AnswerError.Kind.MISSING);
  }

  @Test
  void aYesNeedsItsFollowUpAndANoTakesNone() {
    assertThat(errorsWith("DPT_IPV_HIB", a -> a.put("unwell-today", true)))
        .extracting(AnswerError::field, AnswerError::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "answers.unwell-today-symptoms", AnswerError.Kind.MISSING));
    assertThat(errorsWith("DPT_IPV_HIB", a -> a.put("ill-past-month-name", "かぜ")))
        .extracting(AnswerError::field, AnswerError::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "answers.ill-past-month-name", AnswerError.Kind.NOT_ASKED));
  }

  @Test
  void anotherVaccinesQuestionIsNotAsked() {
    List<AnswerError> errors = errorsWith("DPT_IPV_HIB", a -> a.put("rota-intussusception", false));

    assertThat(errors).extracting(AnswerError::kind).containsExactly(AnswerError.Kind.NOT_ASKED);
    assertThat(errors.get(0).message()).contains("only for ROTA");
  }

  @Test
  void perVaccineQuestionsMustBeAnsweredForTheirVaccine() {
    Map<String, Object> answers = base("DPT_IPV_HIB");

    assertThatThrownBy(() -> check.check("ROTA", null, DAY, answers))
        .isInstanceOfSatisfying(
            PrescreeningInputException.class,
            e ->
                assertThat(e.errors())
                    .extracting(AnswerError::field)
                    .containsExactly(
                        "answers.rota-intussusception",
                        "answers.rota-gi-disorder",
                        "answers.rota-scid"));
  }

  @Test
  void theVaccineIsGivenByTheRequestNotAsAnAnswer() {
    assertThat(errorsWith("DPT_IPV_HIB", a -> a.put("vaccine", "MR")))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.NOT_ASKED);
  }

  @Test
  void aVaccineTheQuestionnaireDoesNotServeIsRefused() {
    assertThatThrownBy(() -> check.check("MMR", null, DAY, base("MR")))
        .isInstanceOfSatisfying(
            PrescreeningInputException.class,
            e ->
                assertThat(e.errors())
                    .extracting(AnswerError::kind)
                    .containsExactly(AnswerError.Kind.UNKNOWN_VACCINE));
  }

  @Test
  void aKindOfIllnessMustBeOneTheFormLists() {
    List<AnswerError> errors =
        errorsWith(
            "DPT_IPV_HIB",
            a -> {
              a.put("underlying-condition", true);
              a.put("underlying-condition-kind", List.of("heart", "asthma"));
              a.put("underlying-condition-approved", true);
            });

    assertThat(errors).extracting(AnswerError::kind).containsExactly(AnswerError.Kind.WRONG_TYPE);
    assertThat(errors.get(0).message()).contains("not asthma");
  }

  @Test
  void severalKindsOfIllnessAreTakenOnceEach() {
    Answers answers =
        checkWith(
            "DPT_IPV_HIB",
            a -> {
              a.put("underlying-condition", true);
              a.put("underlying-condition-kind", List.of("heart", "kidney"));
              a.put("underlying-condition-approved", true);
            });
    assertThat(answers.get("underlying-condition-kind").orElseThrow().codes())
        .containsExactly("heart", "kidney");
    assertThat(
            errorsWith(
                "DPT_IPV_HIB",
                a -> {
                  a.put("underlying-condition", true);
                  a.put("underlying-condition-kind", List.of("heart", "heart"));
                  a.put("underlying-condition-approved", true);
                }))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.WRONG_TYPE);
  }

  @Test
  void aTransfusionAfterThePlannedDayIsOutOfRange() {
    assertThat(
            errorsWith(
                "MR",
                a -> {
                  a.put("transfusion-gamma-globulin", true);
                  a.put("transfusion-gamma-globulin-date", "2026-09-01");
                  a.put("gamma-globulin-high-dose", false);
                }))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.OUT_OF_RANGE);
  }

  @Test
  void aBirthWeightWithAFractionIsNotAWholeNumberOfGrams() {
    assertThat(errorsWith("DPT_IPV_HIB", a -> a.put("birth-weight", 3120.5)))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.WRONG_TYPE);
  }

  @Test
  void blankOrOverlongTextIsRefused() {
    assertThat(
            errorsWith(
                "DPT_IPV_HIB",
                a -> {
                  a.put("unwell-today", true);
                  a.put("unwell-today-symptoms", "  ");
                }))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.WRONG_TYPE);
    assertThat(
            errorsWith(
                "DPT_IPV_HIB",
                a -> {
                  a.put("questions", true);
                  a.put("questions-text", "あ".repeat(AnswerCheck.MAX_TEXT + 1));
                }))
        .extracting(AnswerError::kind)
        .containsExactly(AnswerError.Kind.WRONG_TYPE);
  }

  @Test
  void everyProblemIsReportedInTheOrderOfTheForm() {
    List<AnswerError> errors =
        errorsWith(
            "DPT_IPV_HIB",
            a -> {
              a.remove("consent");
              a.put("temperature", "warm");
              a.put("colour", "blue");
              a.put("rota-scid", false);
            });

    assertThat(errors)
        .extracting(AnswerError::field)
        .containsExactly(
            "answers.temperature", "answers.rota-scid", "answers.consent", "answers.colour");
  }
}
