package app.sukoyaka.immunization.prescreening;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The advisory eligibility, case by case ({@code eligibility-cases.psv}, one line each): answers
 * held to the rules and combined with a real forecast from the routine schedule.
 */
class EligibilityCheckTest {
  static final PrescreeningQuestionnaire QUESTIONNAIRE = PrescreeningQuestionnaire.load();
  static final EligibilityRules RULES = EligibilityRules.load(QUESTIONNAIRE);
  static final EligibilityCheck CHECK = new EligibilityCheck(QUESTIONNAIRE, RULES);
  static final Forecaster FORECASTER = new Forecaster(RoutineSchedule.load());

  record Case(
      String name,
      String vaccine,
      String dose,
      LocalDate born,
      LocalDate day,
      List<GivenDose> history,
      Map<String, Object> answers,
      LocalDate answeredOn,
      String outcome,
      List<String> rules) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = EligibilityCheckTest.class.getResourceAsStream("eligibility-cases.psv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        cases.add(parse(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  private static Case parse(String line) {
    String[] columns = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
    if (columns.length != 9) {
      throw new IllegalArgumentException("Nine columns expected: " + line);
    }
    LocalDate day = LocalDate.parse(columns[4]);
    List<GivenDose> history = new ArrayList<>();
    if (!columns[5].equals("-")) {
      for (String dose : columns[5].split("\\s+")) {
        String[] parts = dose.split(":");
        history.add(new GivenDose(parts[0], parts[1], LocalDate.parse(parts[2]), null));
      }
    }
    Map<String, Object> answers = new LinkedHashMap<>();
    LocalDate answeredOn = day;
    if (!columns[6].equals("-")) {
      for (String pair : columns[6].split(";")) {
        String[] kv = pair.strip().split("=", 2);
        if (kv[0].equals("answeredOn")) {
          answeredOn = LocalDate.parse(kv[1]);
        } else {
          answers.put(kv[0], value(kv[1]));
        }
      }
    }
    return new Case(
        columns[0],
        columns[1],
        columns[2].equals("-") ? null : columns[2],
        LocalDate.parse(columns[3]),
        day,
        history,
        answers,
        answeredOn,
        columns[7],
        columns[8].equals("-") ? List.of() : List.of(columns[8].split(",\\s*")));
  }

  private static Object value(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    if (text.matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(text);
    }
    if (text.startsWith("[")) {
      return List.of(text.substring(1, text.length() - 1).split(",\\s*"));
    }
    return text;
  }

  /** "All no, 36.6 ℃, consent given, explanation read" for every question asked. */
  static Map<String, Object> baseAnswers(String vaccine, LocalDate day) {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (PrescreeningQuestionnaire.Item item : QUESTIONNAIRE.itemsFor(vaccine, day)) {
      if (!item.required() || item.enableWhen() != null || item.fromRequest() != null) {
        continue;
      }
      switch (item.type()) {
        case BOOLEAN:
          answers.put(
              item.linkId(),
              item.linkId().equals("consent") || item.linkId().equals("read-explanation"));
          break;
        case DECIMAL:
          answers.put(item.linkId(), new BigDecimal("36.6"));
          break;
        default:
          throw new IllegalStateException("No base answer for " + item.linkId());
      }
    }
    return answers;
  }

  static Eligibility check(Case c) {
    Map<String, Object> raw = baseAnswers(c.vaccine(), c.day());
    raw.putAll(c.answers());
    Answers answers = new AnswerCheck(QUESTIONNAIRE).check(c.vaccine(), c.dose(), c.day(), raw);
    Set<String> flags = CHECK.forecastFlags(answers);
    return CHECK.check(
        answers,
        FORECASTER.forecast(new ForecastRequest(c.born(), c.day(), Sex.FEMALE, c.history(), flags)),
        c.day(),
        c.answeredOn());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theAdviceFollowsTheRules(Case c) {
    Eligibility eligibility = check(c);

    assertThat(eligibility.outcome().code()).as("outcome of " + eligibility).isEqualTo(c.outcome());
    assertThat(eligibility.findings())
        .extracting(Finding::rule)
        .containsExactlyElementsOf(c.rules());
    assertThat(eligibility.advisory().ja()).contains("医師");
    assertThat(eligibility.advisory().en()).contains("doctor");
  }

  @Test
  void thereAreEnoughCasesAndTogetherTheyMatchEveryRule() {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
    Set<String> matched = new LinkedHashSet<>();
    cases.forEach(c -> matched.addAll(c.rules()));
    Set<String> every = new LinkedHashSet<>();
    RULES.answerRules().forEach(rule -> every.add(rule.id()));
    assertThat(matched).containsAll(every);
    assertThat(matched)
        .contains(
            "forecast-complete",
            "forecast-ineligible",
            "forecast-too-soon",
            "forecast-not-yet",
            "forecast-before-standard-period",
            "forecast-overdue",
            "forecast-warning",
            "not-in-forecast",
            "dose-not-next",
            "series-complete");
  }

  @Test
  void aNotTodayFromTheAnswersShowsTheAnswersThatMatchedWithTheirFollowUps() {
    Case fever =
        cases().stream()
            .filter(c -> c.name().startsWith("fever and unwell"))
            .findFirst()
            .orElseThrow();

    Eligibility eligibility = check(fever);

    Finding first = eligibility.findings().get(0);
    assertThat(first.rule()).isEqualTo("fever");
    assertThat(first.reason().ja()).contains("37.5℃");
    assertThat(first.answers())
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.linkId()).isEqualTo("temperature");
              assertThat(answer.answer().ja()).isEqualTo("38.2 ℃");
            });
    assertThat(first.sources()).extracting(Finding.Source::id).contains("kisoku-2");
    Finding unwell = eligibility.findings().get(1);
    assertThat(unwell.answers())
        .extracting(Finding.AnswerShown::linkId)
        .containsExactly("unwell-today", "unwell-today-symptoms");
    assertThat(unwell.answers().get(1).answer().ja()).isEqualTo("咳と鼻水");
  }

  @Test
  void anIneligibleDoseSaysItIsVoluntaryOnlyAndWhy() {
    Case varicella =
        cases().stream()
            .filter(c -> c.name().startsWith("varicella after"))
            .findFirst()
            .orElseThrow();

    Finding finding = check(varicella).findings().get(0);

    assertThat(finding.reason().ja()).contains("任意接種");
    assertThat(finding.reason().en()).contains("voluntary");
  }

  @Test
  void tooSoonSaysFromWhichDay() {
    Case tooSoon =
        cases().stream()
            .filter(c -> c.name().startsWith("dose 2 too soon"))
            .findFirst()
            .orElseThrow();

    Eligibility eligibility = check(tooSoon);

    assertThat(eligibility.recommendation().earliestDate()).isEqualTo(LocalDate.of(2026, 8, 31));
    assertThat(eligibility.findings().get(0).reason().en()).contains("from 2026-08-31");
  }

  static Stream<String> ruleIds() {
    return RULES.answerRules().stream().map(EligibilityRules.AnswerRule::id);
  }
}
