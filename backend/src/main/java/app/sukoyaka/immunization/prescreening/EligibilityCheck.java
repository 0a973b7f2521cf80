package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.Note;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.platform.i18n.ServerTexts;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.Item;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The advisory eligibility for "this vaccine, today": the guardian's answers held to the rules,
 * combined with the forecast for the vaccine and dose on that day. Advice for the doctor; it never
 * decides alone. Pure and thread-safe.
 */
public final class EligibilityCheck {
  private final PrescreeningQuestionnaire questionnaire;
  private final EligibilityRules rules;

  public EligibilityCheck(PrescreeningQuestionnaire questionnaire, EligibilityRules rules) {
    this.questionnaire = questionnaire;
    this.rules = rules;
  }

  public EligibilityRules rules() {
    return rules;
  }

  /** The forecast flags the answers set (a yes to "has had chickenpox" sets hadVaricella). */
  public Set<String> forecastFlags(Answers answers) {
    Set<String> flags = new LinkedHashSet<>();
    for (Answer answer : answers.all()) {
      Item item = questionnaire.item(answer.linkId()).orElse(null);
      if (item != null && item.forecastFlag() != null && Boolean.TRUE.equals(answer.bool())) {
        flags.add(item.forecastFlag());
      }
    }
    return flags;
  }

  /**
   * @param forecast the child's forecast on {@code date}, from the records and the answers' flags
   * @param date the day of the vaccination the advice is for
   * @param answeredOn the day the guardian last answered
   */
  public Eligibility check(
      Answers answers, Forecast forecast, LocalDate date, LocalDate answeredOn) {
    List<Finding> findings = new ArrayList<>();
    Recommendation recommendation = forecastFindings(answers, forecast, date, findings);
    EligibilityRules.Context context = new EligibilityRules.Context(date, answeredOn);
    for (EligibilityRules.AnswerRule rule : rules.answerRules()) {
      if (rule.appliesTo(answers.vaccine(), date) && rule.when().test(answers, context)) {
        findings.add(
            new Finding(
                rule.id(),
                rule.level(),
                fill(rule.reason(), Map.of("answeredOn", answeredOn.toString())),
                shown(rule.when(), answers),
                rule.sources()));
      }
    }
    // Most serious first; within a level, the forecast's findings and then the form's order.
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(Comparator.comparing((Finding f) -> f.level()).reversed());
    Outcome outcome = Outcome.ELIGIBLE;
    for (Finding finding : ordered) {
      if (finding.level() == Finding.Level.NOT_TODAY) {
        outcome = Outcome.NOT_TODAY;
        break;
      }
      if (finding.level() == Finding.Level.DOCTOR_MUST_JUDGE) {
        outcome = Outcome.DOCTOR_MUST_JUDGE;
      }
    }
    return new Eligibility(
        answers.vaccine(),
        recommendation == null ? answers.dose() : recommendation.dose(),
        date,
        outcome,
        ordered,
        recommendation,
        rules.advisory(),
        rules.version(),
        forecast.scheduleVersion());
  }

  /** Adds what the forecast says about the vaccine and dose; returns the entry it read. */
  private Recommendation forecastFindings(
      Answers answers, Forecast forecast, LocalDate date, List<Finding> findings) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("vaccine", answers.vaccine());
    values.put("dose", answers.dose() == null ? "" : answers.dose());
    List<Recommendation> ofVaccine =
        forecast.recommendations().stream()
            .filter(r -> r.vaccine().equals(answers.vaccine()))
            .toList();
    if (ofVaccine.isEmpty()) {
      findings.add(forecastFinding(rules.forecastRule("absent", null), values));
      return null;
    }
    Recommendation current = current(ofVaccine);
    Recommendation recommendation = current;
    if (answers.dose() != null) {
      recommendation =
          ofVaccine.stream().filter(r -> r.dose().equals(answers.dose())).findFirst().orElse(null);
      if (recommendation == null) {
        if (current == null) {
          findings.add(forecastFinding(rules.forecastRule("series-complete", null), values));
        } else {
          values.put("nextDose", current.dose());
          findings.add(forecastFinding(rules.forecastRule("other-dose", null), values));
        }
        return current;
      }
    }
    if (recommendation == null) {
      findings.add(forecastFinding(rules.forecastRule("series-complete", null), values));
      return null;
    }
    values.put("dose", recommendation.dose());
    put(values, "date", recommendation.date());
    put(values, "earliestDate", recommendation.earliestDate());
    put(values, "recommendedFrom", recommendation.recommendedFrom());
    put(values, "windowEnd", recommendation.windowEnd());
    Boolean legalStartReached = null;
    if (recommendation.status() == Status.NOT_YET) {
      legalStartReached =
          recommendation.earliestDate() != null && !date.isBefore(recommendation.earliestDate());
    }
    EligibilityRules.ForecastRule rule =
        rules.forecastRule(recommendation.status().code(), legalStartReached);
    if (!rule.outcome().equals(Outcome.ELIGIBLE.code())) {
      Finding finding = forecastFinding(rule, values);
      if (recommendation.status() == Status.INELIGIBLE) {
        // The forecast says why (a flag, a closed window): the doctor reads it with the rule.
        finding = withNotes(finding, recommendation.notes());
      }
      findings.add(finding);
    }
    boolean givable =
        recommendation.status() == Status.DUE
            || recommendation.status() == Status.OVERDUE
            || Boolean.TRUE.equals(legalStartReached);
    if (givable) {
      for (Note note : recommendation.notes()) {
        if (note.severity() == Note.Severity.WARNING) {
          Map<String, String> withNote = new LinkedHashMap<>(values);
          EligibilityRules.ForecastRule warning = rules.forecastRule("warning", null);
          Finding finding = forecastFinding(warning, withNote);
          findings.add(
              new Finding(
                  finding.rule(),
                  finding.level(),
                  new LocalizedText(
                      finding.reason().ja().replace("{note}", note.text().ja()),
                      finding.reason().en().replace("{note}", note.text().en())),
                  List.of(),
                  finding.sources()));
        }
      }
    }
    return recommendation;
  }

  /**
   * The dose the family would come for: one that can be given (due, overdue), else the next one
   * that will be (too soon, not yet), else one that cannot (ineligible); null when every dose is
   * given.
   */
  private static Recommendation current(List<Recommendation> ofVaccine) {
    for (List<Status> wanted :
        List.of(
            List.of(Status.DUE, Status.OVERDUE),
            List.of(Status.TOO_SOON, Status.NOT_YET),
            List.of(Status.INELIGIBLE))) {
      for (Recommendation r : ofVaccine) {
        if (wanted.contains(r.status())) {
          return r;
        }
      }
    }
    return null;
  }

  private static void put(Map<String, String> values, String key, LocalDate date) {
    if (date != null) {
      values.put(key, date.toString());
    }
  }

  private static Finding forecastFinding(
      EligibilityRules.ForecastRule rule, Map<String, String> values) {
    return new Finding(
        rule.id(),
        Finding.Level.ofCode(rule.outcome()),
        fill(rule.reason(), values),
        List.of(),
        rule.sources());
  }

  private static Finding withNotes(Finding finding, List<Note> notes) {
    String ja = notes.stream().map(n -> n.text().ja()).collect(Collectors.joining(" "));
    String en = notes.stream().map(n -> n.text().en()).collect(Collectors.joining(" "));
    if (ja.isEmpty()) {
      return finding;
    }
    return new Finding(
        finding.rule(),
        finding.level(),
        new LocalizedText(finding.reason().ja() + " " + ja, finding.reason().en() + " " + en),
        finding.answers(),
        finding.sources());
  }

  private static LocalizedText fill(LocalizedText text, Map<String, String> values) {
    String ja = text.ja();
    String en = text.en();
    for (Map.Entry<String, String> value : values.entrySet()) {
      ja = ja.replace("{" + value.getKey() + "}", value.getValue());
      en = en.replace("{" + value.getKey() + "}", value.getValue());
    }
    return new LocalizedText(ja, en);
  }

  /** The answers a rule read, each with the follow-ups that say more about it. */
  private List<Finding.AnswerShown> shown(EligibilityRules.Condition condition, Answers answers) {
    Set<String> linkIds = new LinkedHashSet<>();
    condition.linkIds(linkIds);
    Set<String> withFollowUps = new LinkedHashSet<>();
    for (String linkId : linkIds) {
      withFollowUps.add(linkId);
      for (Item item : questionnaire.items()) {
        if (item.enableWhen() != null && item.enableWhen().linkId().equals(linkId)) {
          withFollowUps.add(item.linkId());
        }
      }
    }
    List<Finding.AnswerShown> shown = new ArrayList<>();
    for (String linkId : withFollowUps) {
      Answer answer = answers.get(linkId).orElse(null);
      Item item = questionnaire.item(linkId).orElse(null);
      if (answer != null && item != null) {
        shown.add(new Finding.AnswerShown(linkId, item.text(), display(item, answer)));
      }
    }
    return shown;
  }

  /** An answer in words: はい / いいえ, 37.8 ℃, the labels of the codes. */
  public static LocalizedText display(Item item, Answer answer) {
    switch (answer.type()) {
      case BOOLEAN:
        ServerTexts.Text yesOrNo =
            ServerTexts.get().text(answer.bool() ? "answer.yes" : "answer.no");
        return new LocalizedText(yesOrNo.ja(), yesOrNo.en());
      case DECIMAL:
      case INTEGER:
        String number = plain(answer.number());
        return new LocalizedText(
            number + " " + item.unit().label().ja(), number + " " + item.unit().label().en());
      case DATE:
        return new LocalizedText(answer.date().toString(), answer.date().toString());
      case STRING:
        return new LocalizedText(answer.text(), answer.text());
      case CHOICE:
        List<LocalizedText> labels = new ArrayList<>();
        for (String code : answer.codes()) {
          labels.add(
              item.option(code)
                  .map(PrescreeningQuestionnaire.Option::label)
                  .orElse(new LocalizedText(code, code)));
        }
        return new LocalizedText(
            labels.stream().map(LocalizedText::ja).collect(Collectors.joining("、")),
            labels.stream().map(LocalizedText::en).collect(Collectors.joining(", ")));
      default:
        throw new IllegalStateException("unknown type " + answer.type());
    }
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().scale() < 0
        ? value.setScale(0).toPlainString()
        : value.toPlainString();
  }
}
