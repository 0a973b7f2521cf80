package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.Item;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.ItemType;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The eligibility rules as data ({@code eligibility-rules.json} beside this class): which answers
 * mean not today, which need the doctor's judgement and which are only shown, and what each
 * forecast status means for today, each with its reason in Japanese and English, its sources and
 * the dates it applies. Checked against the questionnaire when loaded, so a rule cannot name a
 * question that does not exist or compare an answer of the wrong type. Immutable.
 */
public final class EligibilityRules {
  public static final String RESOURCE = "eligibility-rules.json";
  private static final String FORMAT = "sukoyaka-prescreening-rules/1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** What a condition is evaluated against besides the answers. */
  record Context(LocalDate checkDate, LocalDate answeredOn) {}

  /** A test on the answers; a question not answered never matches. */
  interface Condition {
    boolean test(Answers answers, Context context);

    /** The questions the condition reads, in order. */
    void linkIds(Set<String> out);
  }

  record Equals(String linkId, Object value) implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return answers
          .get(linkId)
          .map(answer -> value.equals(answer.bool()) || value.equals(answer.text()))
          .orElse(false);
    }

    @Override
    public void linkIds(Set<String> out) {
      out.add(linkId);
    }
  }

  record AtLeast(String linkId, BigDecimal value) implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return answers
          .get(linkId)
          .map(answer -> answer.number() != null && answer.number().compareTo(value) >= 0)
          .orElse(false);
    }

    @Override
    public void linkIds(Set<String> out) {
      out.add(linkId);
    }
  }

  record Includes(String linkId, String code) implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return answers.get(linkId).map(answer -> answer.codes().contains(code)).orElse(false);
    }

    @Override
    public void linkIds(Set<String> out) {
      out.add(linkId);
    }
  }

  /** The answer's date plus the months (same day of the month) is after the day of the check. */
  record WithinMonths(String linkId, int months) implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return answers
          .get(linkId)
          .map(
              answer ->
                  answer.date() != null
                      && context.checkDate().isBefore(answer.date().plusMonths(months)))
          .orElse(false);
    }

    @Override
    public void linkIds(Set<String> out) {
      out.add(linkId);
    }
  }

  record AnsweredBeforeCheckDay() implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return context.answeredOn().isBefore(context.checkDate());
    }

    @Override
    public void linkIds(Set<String> out) {
      // about the form as a whole, not one answer
    }
  }

  record All(List<Condition> conditions) implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return conditions.stream().allMatch(c -> c.test(answers, context));
    }

    @Override
    public void linkIds(Set<String> out) {
      conditions.forEach(c -> c.linkIds(out));
    }
  }

  record Any(List<Condition> conditions) implements Condition {
    @Override
    public boolean test(Answers answers, Context context) {
      return conditions.stream().anyMatch(c -> c.test(answers, context));
    }

    @Override
    public void linkIds(Set<String> out) {
      conditions.forEach(c -> c.linkIds(out));
    }
  }

  /**
   * A rule on the answers.
   *
   * @param vaccines the vaccines it applies to; empty: every vaccine
   * @param effectiveTo last day it applies, null while in force
   */
  record AnswerRule(
      String id,
      Finding.Level level,
      Set<String> vaccines,
      Condition when,
      LocalizedText reason,
      LocalDate effectiveFrom,
      LocalDate effectiveTo,
      List<Finding.Source> sources) {

    boolean appliesTo(String vaccine, LocalDate date) {
      return (vaccines.isEmpty() || vaccines.contains(vaccine))
          && !date.isBefore(effectiveFrom)
          && (effectiveTo == null || !date.isAfter(effectiveTo));
    }
  }

  /**
   * What a forecast status means for today.
   *
   * @param status a forecast status code, or {@code warning}, {@code absent}, {@code other-dose},
   *     {@code series-complete}
   * @param outcome eligible, note, doctor_must_judge or not_today
   * @param legalStartReached for not_yet: whether the rule is for a day on or after the legal start
   *     (only the standard period has not begun); null otherwise
   * @param reason null for eligible
   */
  record ForecastRule(
      String id,
      String status,
      String outcome,
      Boolean legalStartReached,
      LocalizedText reason,
      List<Finding.Source> sources) {}

  private final String version;
  private final LocalizedText advisory;
  private final List<AnswerRule> answerRules;
  private final List<ForecastRule> forecastRules;

  private EligibilityRules(
      String version,
      LocalizedText advisory,
      List<AnswerRule> answerRules,
      List<ForecastRule> forecastRules) {
    this.version = version;
    this.advisory = advisory;
    this.answerRules = List.copyOf(answerRules);
    this.forecastRules = List.copyOf(forecastRules);
  }

  /** The rules shipped beside this class, checked against the questionnaire. */
  public static EligibilityRules load(PrescreeningQuestionnaire questionnaire) {
    try (InputStream in = EligibilityRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return read(in, questionnaire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A rules file of the same format from elsewhere; fails on anything inconsistent. */
  public static EligibilityRules read(InputStream in, PrescreeningQuestionnaire questionnaire)
      throws IOException {
    JsonNode root = MAPPER.readTree(in);
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("Not a " + FORMAT + " document");
    }
    Map<String, Finding.Source> sources = new LinkedHashMap<>();
    root.path("sources")
        .fields()
        .forEachRemaining(
            field ->
                sources.put(
                    field.getKey(),
                    new Finding.Source(
                        field.getKey(),
                        text(field.getValue(), "title"),
                        text(field.getValue(), "location"))));
    Set<String> ids = new LinkedHashSet<>();
    List<AnswerRule> answerRules = new ArrayList<>();
    for (JsonNode node : required(root, "answerRules")) {
      String id = text(node, "id");
      try {
        if (!ids.add(id)) {
          throw new IllegalArgumentException("rule id used twice");
        }
        Set<String> vaccines = new LinkedHashSet<>();
        node.path("vaccines").forEach(v -> vaccines.add(v.asText()));
        for (String vaccine : vaccines) {
          if (questionnaire.vaccine(vaccine).isEmpty()) {
            throw new IllegalArgumentException("unknown vaccine " + vaccine);
          }
        }
        JsonNode effective = required(node, "effective");
        answerRules.add(
            new AnswerRule(
                id,
                Finding.Level.ofCode(text(node, "outcome")),
                vaccines,
                condition(required(node, "when"), questionnaire),
                label(required(node, "reason")),
                LocalDate.parse(text(effective, "from")),
                effective.hasNonNull("to") ? LocalDate.parse(text(effective, "to")) : null,
                sources(node, sources)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("Invalid rule " + id + ": " + e.getMessage(), e);
      }
    }
    List<ForecastRule> forecastRules = new ArrayList<>();
    for (JsonNode node : required(root, "forecastRules")) {
      String id = text(node, "id");
      if (!ids.add(id)) {
        throw new IllegalArgumentException("Rule id used twice: " + id);
      }
      String outcome = text(node, "outcome");
      if (!outcome.equals(Outcome.ELIGIBLE.code())) {
        Finding.Level.ofCode(outcome);
      }
      forecastRules.add(
          new ForecastRule(
              id,
              text(node, "status"),
              outcome,
              node.has("legalStartReached") ? node.get("legalStartReached").booleanValue() : null,
              node.has("reason") ? label(node.get("reason")) : null,
              sources(node, sources)));
    }
    return new EligibilityRules(
        text(root, "version"), label(required(root, "advisory")), answerRules, forecastRules);
  }

  public String version() {
    return version;
  }

  /** The words that say the result is advice for the doctor. */
  public LocalizedText advisory() {
    return advisory;
  }

  List<AnswerRule> answerRules() {
    return answerRules;
  }

  /** The rule for a forecast status (and, for not_yet, whether the legal start is reached). */
  ForecastRule forecastRule(String status, Boolean legalStartReached) {
    for (ForecastRule rule : forecastRules) {
      if (rule.status().equals(status)
          && (rule.legalStartReached() == null
              || rule.legalStartReached().equals(legalStartReached))) {
        return rule;
      }
    }
    throw new IllegalStateException("No forecast rule for status " + status);
  }

  /** Every forecast status the rules cover. */
  Set<String> forecastStatuses() {
    Set<String> statuses = new LinkedHashSet<>();
    forecastRules.forEach(rule -> statuses.add(rule.status()));
    return statuses;
  }

  private static Condition condition(JsonNode node, PrescreeningQuestionnaire questionnaire) {
    if (node.has("all")) {
      return new All(conditions(node.get("all"), questionnaire));
    }
    if (node.has("any")) {
      return new Any(conditions(node.get("any"), questionnaire));
    }
    if (node.has("answeredBeforeCheckDay")) {
      return new AnsweredBeforeCheckDay();
    }
    String linkId = text(node, "answer");
    Item item =
        questionnaire
            .item(linkId)
            .orElseThrow(() -> new IllegalArgumentException("no question " + linkId));
    if (node.has("equals")) {
      JsonNode value = node.get("equals");
      if (value.isBoolean() && item.type() == ItemType.BOOLEAN) {
        return new Equals(linkId, value.booleanValue());
      }
      if (value.isTextual() && item.type() == ItemType.STRING) {
        return new Equals(linkId, value.asText());
      }
      throw new IllegalArgumentException(linkId + " is not compared with a value of its type");
    }
    if (node.has("atLeast")) {
      if (item.type() != ItemType.DECIMAL && item.type() != ItemType.INTEGER) {
        throw new IllegalArgumentException(linkId + " is not a number");
      }
      return new AtLeast(linkId, node.get("atLeast").decimalValue());
    }
    if (node.has("includes")) {
      String code = text(node, "includes");
      if (item.option(code).isEmpty()) {
        throw new IllegalArgumentException(linkId + " has no answer " + code);
      }
      return new Includes(linkId, code);
    }
    if (node.has("withinMonths")) {
      if (item.type() != ItemType.DATE) {
        throw new IllegalArgumentException(linkId + " is not a date");
      }
      return new WithinMonths(linkId, node.get("withinMonths").intValue());
    }
    throw new IllegalArgumentException("unknown condition " + node);
  }

  private static List<Condition> conditions(
      JsonNode array, PrescreeningQuestionnaire questionnaire) {
    List<Condition> conditions = new ArrayList<>();
    array.forEach(node -> conditions.add(condition(node, questionnaire)));
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("all/any without conditions");
    }
    return conditions;
  }

  private static List<Finding.Source> sources(JsonNode node, Map<String, Finding.Source> sources) {
    List<Finding.Source> result = new ArrayList<>();
    for (JsonNode id : required(node, "sources")) {
      Finding.Source source = sources.get(id.asText());
      if (source == null) {
        throw new IllegalArgumentException("unknown source " + id.asText());
      }
      result.add(source);
    }
    return result;
  }

  private static LocalizedText label(JsonNode node) {
    return new LocalizedText(text(node, "ja"), text(node, "en"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("Missing '" + field + "'");
    }
    return value;
  }
}
