package app.sukoyaka.immunization;

import app.sukoyaka.immunization.prescreening.AnswerCheck;
import app.sukoyaka.immunization.prescreening.EligibilityCheck;
import app.sukoyaka.immunization.prescreening.EligibilityRules;
import app.sukoyaka.immunization.prescreening.QuestionnaireResponses;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The 予診票 and its eligibility rules, loaded and cross-checked once at start-up. */
@Factory
class PrescreeningFactory {

  @Singleton
  PrescreeningQuestionnaire questionnaire() {
    return PrescreeningQuestionnaire.load();
  }

  @Singleton
  EligibilityRules eligibilityRules(PrescreeningQuestionnaire questionnaire) {
    return EligibilityRules.load(questionnaire);
  }

  @Singleton
  EligibilityCheck eligibilityCheck(
      PrescreeningQuestionnaire questionnaire, EligibilityRules rules) {
    return new EligibilityCheck(questionnaire, rules);
  }

  @Singleton
  AnswerCheck answerCheck(PrescreeningQuestionnaire questionnaire) {
    return new AnswerCheck(questionnaire);
  }

  @Singleton
  QuestionnaireResponses questionnaireResponses(PrescreeningQuestionnaire questionnaire) {
    return new QuestionnaireResponses(questionnaire);
  }
}
