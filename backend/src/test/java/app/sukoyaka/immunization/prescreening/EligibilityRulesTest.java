package app.sukoyaka.immunization.prescreening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The rules file agrees with the questionnaire and with the routine schedule. */
class EligibilityRulesTest {
  private static final PrescreeningQuestionnaire QUESTIONNAIRE = PrescreeningQuestionnaire.load();
  private final EligibilityRules rules = EligibilityRules.load(QUESTIONNAIRE);

  @Test
  void everyRuleGivesItsReasonInJapaneseAndEnglishWithSources() {
    assertThat(rules.answerRules()).hasSizeGreaterThan(25);
    for (EligibilityRules.AnswerRule rule : rules.answerRules()) {
      assertThat(rule.reason().ja()).as(rule.id()).isNotBlank();
      assertThat(rule.reason().en()).as(rule.id()).isNotBlank();
      assertThat(rule.sources()).as(rule.id()).isNotEmpty();
    }
    assertThat(rules.advisory().ja()).contains("医師");
  }

  @Test
  void everyForecastStatusHasARule() {
    for (Status status : Status.values()) {
      assertThat(rules.forecastStatuses()).contains(status.code());
    }
    // not_yet is read twice: before the legal start, and before the standard period only.
    assertThat(rules.forecastRule("not_yet", false).outcome()).isEqualTo("not_today");
    assertThat(rules.forecastRule("not_yet", true).outcome()).isEqualTo("doctor_must_judge");
    assertThat(rules.forecastRule("due", null).outcome()).isEqualTo("eligible");
  }

  @Test
  void theQuestionnairesVaccinesAreTheRoutineSchedulesVaccines() {
    Set<String> questionnaire = new TreeSet<>();
    QUESTIONNAIRE.vaccines().forEach(v -> questionnaire.add(v.id()));
    assertThat(questionnaire).isEqualTo(new TreeSet<>(RoutineSchedule.load().vaccineIds()));
  }

  // The rules name the live vaccines themselves (the schedule keeps vaccine types to itself):
  // the rules for injectable live vaccines must name exactly the schedule's injectable live ones.
  @Test
  void theRulesForInjectableLiveVaccinesNameExactlyTheSchedulesInjectableLiveVaccines()
      throws IOException {
    Set<String> live = new TreeSet<>();
    try (InputStream in = RoutineSchedule.class.getResourceAsStream(RoutineSchedule.RESOURCE)) {
      for (JsonNode vaccine : new ObjectMapper().readTree(in).path("vaccines")) {
        if (vaccine.path("type").asText().equals("live-injectable")) {
          live.add(vaccine.path("id").asText());
        }
      }
    }
    for (String id :
        new String[] {"vaccinated-past-month-live", "live-immunosuppressive-treatment"}) {
      EligibilityRules.AnswerRule rule =
          rules.answerRules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
      assertThat(new TreeSet<>(rule.vaccines())).as(id).isEqualTo(live);
    }
    assertThat(QUESTIONNAIRE.item("live-immunosuppressive-treatment").orElseThrow().vaccines())
        .containsExactlyInAnyOrderElementsOf(live);
  }

  @Test
  void aRuleOnAQuestionThatDoesNotExistIsRefusedWhenLoaded() {
    String file =
        "{\"format\":\"sukoyaka-prescreening-rules/1\",\"version\":\"x\","
            + "\"advisory\":{\"ja\":\"医師\",\"en\":\"doctor\"},"
            + "\"sources\":{\"s\":{\"title\":\"s\",\"location\":\"s\"}},"
            + "\"answerRules\":[{\"id\":\"r\",\"outcome\":\"not_today\","
            + "\"when\":{\"answer\":\"shoe-size\",\"atLeast\":20},"
            + "\"reason\":{\"ja\":\"r\",\"en\":\"r\"},\"effective\":{\"from\":\"2013-04-01\"},"
            + "\"sources\":[\"s\"]}],\"forecastRules\":[]}";

    assertThatThrownBy(
            () ->
                EligibilityRules.read(
                    new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), QUESTIONNAIRE))
        .hasMessageContaining("no question shoe-size");
  }

  @Test
  void aRuleComparingAYesNoQuestionWithANumberIsRefusedWhenLoaded() {
    String file =
        "{\"format\":\"sukoyaka-prescreening-rules/1\",\"version\":\"x\","
            + "\"advisory\":{\"ja\":\"医師\",\"en\":\"doctor\"},"
            + "\"sources\":{\"s\":{\"title\":\"s\",\"location\":\"s\"}},"
            + "\"answerRules\":[{\"id\":\"r\",\"outcome\":\"not_today\","
            + "\"when\":{\"answer\":\"convulsion\",\"atLeast\":1},"
            + "\"reason\":{\"ja\":\"r\",\"en\":\"r\"},\"effective\":{\"from\":\"2013-04-01\"},"
            + "\"sources\":[\"s\"]}],\"forecastRules\":[]}";

    assertThatThrownBy(
            () ->
                EligibilityRules.read(
                    new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), QUESTIONNAIRE))
        .hasMessageContaining("convulsion is not a number");
  }
}
