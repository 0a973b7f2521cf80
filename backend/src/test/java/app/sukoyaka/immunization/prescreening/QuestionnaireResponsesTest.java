package app.sukoyaka.immunization.prescreening;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the service stores as the QuestionnaireResponse conforms to the published profile. */
class QuestionnaireResponsesTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final PrescreeningQuestionnaire QUESTIONNAIRE = PrescreeningQuestionnaire.load();
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildTheValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String vaccine, Map<String, Object> changes) {
    LocalDate day = LocalDate.of(2026, 8, 20);
    Map<String, Object> raw = EligibilityCheckTest.baseAnswers(vaccine, day);
    raw.putAll(changes);
    Answers answers = new AnswerCheck(QUESTIONNAIRE).check(vaccine, "1", day, raw);
    String json =
        new QuestionnaireResponses(QUESTIONNAIRE)
            .of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                answers,
                OffsetDateTime.of(2026, 8, 19, 21, 5, 33, 120, ZoneOffset.ofHours(9)))
            .toString();
    QuestionnaireResponse resource =
        FHIR.newJsonParser().parseResource(QuestionnaireResponse.class, json);
    assertThat(resource.getQuestionnaire())
        .isEqualTo(SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE);
    return validator.validate(resource, SukoyakaCanonicals.PRESCREENING_RESPONSE_PROFILE);
  }

  @Test
  void plainAnswersConform() {
    ValidationReport report = validate("DPT_IPV_HIB", Map.of("birth-weight", 3120));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void answersOfEveryTypeConform() {
    ValidationReport report =
        validate(
            "MR",
            Map.of(
                "temperature",
                new BigDecimal("37.0"),
                "underlying-condition",
                true,
                "underlying-condition-kind",
                List.of("heart", "immunodeficiency"),
                "underlying-condition-approved",
                true,
                "transfusion-gamma-globulin",
                true,
                "transfusion-gamma-globulin-date",
                "2026-04-02",
                "gamma-globulin-high-dose",
                false,
                "questions",
                true,
                "questions-text",
                "同時接種はできますか"));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void rotaAnswersConform() {
    ValidationReport report =
        validate(
            "ROTA",
            Map.of(
                "rota-intussusception", false,
                "rota-gi-disorder", true,
                "rota-gi-disorder-treated", true,
                "rota-scid", false));
    assertThat(report.errors()).isEmpty();
  }
}
