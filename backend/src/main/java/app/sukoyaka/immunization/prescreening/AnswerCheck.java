package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.Item;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.ItemType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a guardian's answers against the questionnaire: every answer belongs to a question asked
 * for this vaccine on that day, has the question's type and a possible value, and every question
 * asked (a follow-up only after its yes) is answered. Reports every problem at once and accepts
 * nothing half: either all answers are taken or none.
 */
public final class AnswerCheck {
  /** Longest free text the form takes (a list of symptoms, a question to the doctor). */
  static final int MAX_TEXT = 1000;

  private final PrescreeningQuestionnaire questionnaire;

  public AnswerCheck(PrescreeningQuestionnaire questionnaire) {
    this.questionnaire = questionnaire;
  }

  /**
   * @param dose the dose label the guardian named, or null
   * @param raw answers by linkId as JSON values: Boolean, Number, String, or a List of String for a
   *     question with several answers
   * @throws PrescreeningInputException listing every problem
   */
  public Answers check(String vaccine, String dose, LocalDate plannedDate, Map<String, ?> raw) {
    if (questionnaire.vaccine(vaccine).isEmpty()) {
      throw new PrescreeningInputException(
          List.of(
              new AnswerError(
                  AnswerError.Kind.UNKNOWN_VACCINE,
                  "vaccine",
                  "Not a vaccine of the pre-vaccination questionnaire: "
                      + vaccine
                      + " (one of "
                      + questionnaire.vaccines().stream()
                          .map(PrescreeningQuestionnaire.Vaccine::id)
                          .collect(Collectors.joining(", "))
                      + ")")));
    }
    List<Item> asked = questionnaire.itemsFor(vaccine, plannedDate);
    Set<String> askedIds = new HashSet<>();
    asked.forEach(item -> askedIds.add(item.linkId()));
    Map<String, List<AnswerError>> errorsByQuestion = new LinkedHashMap<>();
    List<AnswerError> unknown = new ArrayList<>();
    Map<String, Answer> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : raw.entrySet()) {
      String linkId = entry.getKey();
      String field = "answers." + linkId;
      Item item = questionnaire.item(linkId).orElse(null);
      if (item == null) {
        unknown.add(
            new AnswerError(
                AnswerError.Kind.UNKNOWN_QUESTION,
                field,
                "No question of the pre-vaccination questionnaire has the linkId " + linkId));
        continue;
      }
      List<AnswerError> errors = errorsByQuestion.computeIfAbsent(linkId, k -> new ArrayList<>());
      if (item.fromRequest() != null) {
        errors.add(
            new AnswerError(
                AnswerError.Kind.NOT_ASKED,
                field,
                linkId
                    + " is given as the request's "
                    + item.fromRequest()
                    + ", not as an answer"));
        continue;
      }
      if (!askedIds.contains(linkId)) {
        errors.add(new AnswerError(AnswerError.Kind.NOT_ASKED, field, notAsked(item, vaccine)));
        continue;
      }
      Answer answer = parse(item, field, entry.getValue(), plannedDate, errors);
      if (answer != null) {
        parsed.put(linkId, answer);
      }
    }
    Map<String, Answer> ordered = new LinkedHashMap<>();
    for (Item item : asked) {
      String field = "answers." + item.linkId();
      if (item.fromRequest() != null) {
        Answer filled = fromRequest(item, vaccine, dose);
        if (filled != null) {
          ordered.put(item.linkId(), filled);
        }
        continue;
      }
      boolean enabled = true;
      if (item.enableWhen() != null) {
        Answer followed = parsed.get(item.enableWhen().linkId());
        enabled =
            followed != null && Boolean.valueOf(item.enableWhen().answer()).equals(followed.bool());
      }
      Answer answer = parsed.get(item.linkId());
      List<AnswerError> errors =
          errorsByQuestion.computeIfAbsent(item.linkId(), k -> new ArrayList<>());
      if (!enabled && (answer != null || raw.containsKey(item.linkId()))) {
        errors.add(
            new AnswerError(
                AnswerError.Kind.NOT_ASKED,
                field,
                item.linkId()
                    + " is asked only after answering "
                    + (item.enableWhen().answer() ? "yes" : "no")
                    + " to "
                    + item.enableWhen().linkId()));
        continue;
      }
      if (enabled && item.required() && !raw.containsKey(item.linkId())) {
        errors.add(
            new AnswerError(
                AnswerError.Kind.MISSING,
                field,
                "An answer is required: " + item.text().en() + " (" + item.text().ja() + ")"));
        continue;
      }
      if (answer != null) {
        ordered.put(item.linkId(), answer);
      }
    }
    List<AnswerError> all = new ArrayList<>();
    // The form's order first, so that the first problem is the first question a parent sees.
    for (Item item : questionnaire.items()) {
      all.addAll(errorsByQuestion.getOrDefault(item.linkId(), List.of()));
    }
    all.addAll(unknown);
    if (!all.isEmpty()) {
      throw new PrescreeningInputException(all);
    }
    return new Answers(vaccine, dose, plannedDate, ordered);
  }

  /**
   * Answers stored earlier, read back as they were taken. Not checked again: the questionnaire may
   * have changed since, and what the guardian answered then stays what was answered; a question the
   * questionnaire no longer has is left out.
   *
   * @param stored answers by linkId as {@link Answer#plain()} wrote them
   */
  public Answers restore(
      String vaccine, String dose, LocalDate plannedDate, Map<String, ?> stored) {
    Map<String, Answer> answers = new LinkedHashMap<>();
    for (Item item : questionnaire.items()) {
      Object value = stored.get(item.linkId());
      if (value == null) {
        continue;
      }
      switch (item.type()) {
        case BOOLEAN:
          answers.put(item.linkId(), Answer.ofBoolean(item.linkId(), (Boolean) value));
          break;
        case DECIMAL:
        case INTEGER:
          answers.put(
              item.linkId(),
              Answer.ofNumber(item.linkId(), item.type(), new BigDecimal(value.toString())));
          break;
        case DATE:
          answers.put(item.linkId(), Answer.ofDate(item.linkId(), LocalDate.parse((String) value)));
          break;
        case STRING:
          answers.put(item.linkId(), Answer.ofText(item.linkId(), (String) value));
          break;
        case CHOICE:
          List<String> codes = new ArrayList<>();
          if (value instanceof List<?> list) {
            list.forEach(code -> codes.add(code.toString()));
          } else {
            codes.add(value.toString());
          }
          answers.put(item.linkId(), Answer.ofCodes(item.linkId(), codes));
          break;
        default:
          throw new IllegalStateException("unknown item type " + item.type());
      }
    }
    return new Answers(vaccine, dose, plannedDate, answers);
  }

  private String notAsked(Item item, String vaccine) {
    Set<String> vaccines = questionnaire.vaccinesOf(item);
    if (!vaccines.isEmpty() && !vaccines.contains(vaccine)) {
      return item.linkId()
          + " is asked only for "
          + String.join(", ", new java.util.TreeSet<>(vaccines))
          + ", not for "
          + vaccine;
    }
    return item.linkId()
        + " is not asked on the planned day (in force from "
        + item.effectiveFrom()
        + (item.effectiveTo() == null ? "" : " to " + item.effectiveTo())
        + ")";
  }

  private static Answer fromRequest(Item item, String vaccine, String dose) {
    if ("vaccine".equals(item.fromRequest())) {
      return Answer.ofCodes(item.linkId(), List.of(vaccine));
    }
    if ("dose".equals(item.fromRequest()) && dose != null) {
      return Answer.ofText(item.linkId(), dose);
    }
    return null;
  }

  private static Answer parse(
      Item item, String field, Object value, LocalDate plannedDate, List<AnswerError> errors) {
    switch (item.type()) {
      case BOOLEAN:
        if (value instanceof Boolean bool) {
          return Answer.ofBoolean(item.linkId(), bool);
        }
        errors.add(wrongType(field, "true or false"));
        return null;
      case DECIMAL:
      case INTEGER:
        return number(item, field, value, errors);
      case DATE:
        if (value instanceof String text) {
          try {
            LocalDate date = LocalDate.parse(text);
            if (date.isAfter(plannedDate)) {
              errors.add(
                  new AnswerError(
                      AnswerError.Kind.OUT_OF_RANGE,
                      field,
                      "The date " + date + " is after the planned vaccination day " + plannedDate));
              return null;
            }
            return Answer.ofDate(item.linkId(), date);
          } catch (DateTimeParseException e) {
            // reported below
          }
        }
        errors.add(wrongType(field, "a date (YYYY-MM-DD)"));
        return null;
      case STRING:
        if (value instanceof String text && !text.isBlank() && text.strip().length() <= MAX_TEXT) {
          return Answer.ofText(item.linkId(), text.strip());
        }
        errors.add(wrongType(field, "a text of 1 to " + MAX_TEXT + " characters"));
        return null;
      case CHOICE:
        return choice(item, field, value, errors);
      default:
        throw new IllegalStateException("unknown item type " + item.type());
    }
  }

  private static Answer number(Item item, String field, Object value, List<AnswerError> errors) {
    if (!(value instanceof Number number)) {
      errors.add(wrongType(field, item.type() == ItemType.INTEGER ? "a whole number" : "a number"));
      return null;
    }
    BigDecimal decimal = new BigDecimal(number.toString());
    if (item.type() == ItemType.INTEGER && decimal.stripTrailingZeros().scale() > 0) {
      errors.add(wrongType(field, "a whole number"));
      return null;
    }
    if (!item.range().contains(decimal)) {
      errors.add(
          new AnswerError(
              AnswerError.Kind.OUT_OF_RANGE,
              field,
              decimal.toPlainString()
                  + " "
                  + item.unit().label().en()
                  + " is outside what "
                  + item.linkId()
                  + " can be ("
                  + item.range().min().toPlainString()
                  + " to "
                  + item.range().max().toPlainString()
                  + " "
                  + item.unit().label().en()
                  + ")"));
      return null;
    }
    return Answer.ofNumber(item.linkId(), item.type(), decimal);
  }

  private static Answer choice(Item item, String field, Object value, List<AnswerError> errors) {
    List<String> codes = new ArrayList<>();
    if (value instanceof String code) {
      codes.add(code);
    } else if (value instanceof List<?> list && item.repeats()) {
      for (Object element : list) {
        if (!(element instanceof String code)) {
          errors.add(wrongType(field, "a list of answer codes"));
          return null;
        }
        codes.add(code);
      }
    }
    String allowed =
        item.options().stream()
            .map(PrescreeningQuestionnaire.Option::code)
            .collect(Collectors.joining(", "));
    if (codes.isEmpty() || new HashSet<>(codes).size() != codes.size()) {
      errors.add(
          wrongType(
              field,
              (item.repeats() ? "one or more different codes of: " : "one code of: ") + allowed));
      return null;
    }
    for (String code : codes) {
      if (item.option(code).isEmpty()) {
        errors.add(wrongType(field, "one of " + allowed + " (not " + code + ")"));
        return null;
      }
    }
    return Answer.ofCodes(item.linkId(), codes);
  }

  private static AnswerError wrongType(String field, String expected) {
    return new AnswerError(AnswerError.Kind.WRONG_TYPE, field, "The answer must be " + expected);
  }
}
