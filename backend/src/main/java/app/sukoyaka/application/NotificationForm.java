package app.sukoyaka.application;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 妊娠届出 form as data (items, health questions, their answer types, texts and sources, from
 * {@code pregnancy-notification-form.json}) and the check of a signed form against it. Pure: JDK
 * and Jackson.
 */
public final class NotificationForm {
  static final String RESOURCE = "/app/sukoyaka/application/pregnancy-notification-form.json";

  /** The member of the signed content that holds the health questions' answers. */
  static final String ANSWERS = "answers";

  private static final Pattern KANA = Pattern.compile("[\\u30A0-\\u30FF\\u3000 ]+");
  private static final Pattern POSTAL_CODE = Pattern.compile("[0-9]{3}-?[0-9]{4}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9\\-]{8,14}[0-9]");
  private static final Pattern MEDICAL_INSTITUTION_CODE = Pattern.compile("[0-9]{10}");
  private static final Pattern MUNICIPALITY_CODE = Pattern.compile("[0-9]{6}");

  private final JsonNode document;
  private final Map<String, JsonNode> items = new LinkedHashMap<>();
  private final Map<String, JsonNode> questions = new LinkedHashMap<>();

  private NotificationForm(JsonNode document) {
    this.document = document;
    document.path("items").forEach(item -> items.put(item.path("id").asText(), item));
    document.path("questions").forEach(q -> questions.put(q.path("id").asText(), q));
  }

  public static NotificationForm load() {
    try (InputStream in = NotificationForm.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      return new NotificationForm(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole definition, as the app shows the form. */
  public JsonNode document() {
    return document;
  }

  public String version() {
    return document.path("version").asText();
  }

  /**
   * The content checked against the form, with "today" the day of arrival in Japan; refuses with
   * every problem named (SKY-5313), or an Individual Number in free text (SKY-5314).
   */
  public NotificationContent check(JsonNode content, LocalDate today) {
    List<ProblemException.FieldError> errors = new ArrayList<>();
    if (content == null || !content.isObject()) {
      throw new ProblemException(
          ErrorCode.APPLICATION_FORM_INVALID, "The signed content must be a JSON object.");
    }
    for (Iterator<String> names = content.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!items.containsKey(name) && !ANSWERS.equals(name)) {
        errors.add(new ProblemException.FieldError(name, "not an item of the form"));
      }
    }
    for (JsonNode item : items.values()) {
      checkItem(item, content.get(item.path("id").asText()), today, errors);
    }
    checkAnswers(content.get(ANSWERS), errors);
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.APPLICATION_FORM_INVALID,
          "The pregnancy notification is not complete or not valid: " + errors.size() + " item(s).",
          errors);
    }
    if (freeTexts(content).stream().anyMatch(IndividualNumbers::containsOne)) {
      throw new ProblemException(
          ErrorCode.APPLICATION_INDIVIDUAL_NUMBER,
          "The notification contains what looks like an Individual Number (マイナンバー); it is not"
              + " needed here and must not be sent.");
    }
    ObjectNode form = ((ObjectNode) content).deepCopy();
    // Stored as checked: without the spaces around the items' text.
    items.keySet().stream()
        .filter(id -> form.path(id).isTextual())
        .forEach(id -> form.put(id, form.path(id).asText().strip()));
    return new NotificationContent(
        form,
        text(content, "municipalityCode"),
        text(content, "familyName"),
        text(content, "givenName"),
        text(content, "familyNameKana"),
        text(content, "givenNameKana"),
        LocalDate.parse(text(content, "birthDate")),
        LocalDate.parse(text(content, "expectedDeliveryDate")),
        LocalDate.parse(text(content, "diagnosisDate")),
        text(content, "diagnosingFacilityName"),
        text(content, "diagnosingFacilityCode"),
        content.path("fetusCount").asInt());
  }

  private static String text(JsonNode content, String name) {
    JsonNode value = content.get(name);
    return value == null || value.isNull() ? null : value.asText().strip();
  }

  private static void checkItem(
      JsonNode item, JsonNode value, LocalDate today, List<ProblemException.FieldError> errors) {
    String id = item.path("id").asText();
    boolean missing =
        value == null || value.isNull() || (value.isTextual() && value.asText().isBlank());
    if (missing) {
      if (item.path("required").asBoolean()) {
        errors.add(new ProblemException.FieldError(id, "required"));
      }
      return;
    }
    String type = item.path("type").asText();
    if ("integer".equals(type)) {
      if (!value.isIntegralNumber()
          || value.asInt() < item.path("min").asInt(Integer.MIN_VALUE)
          || value.asInt() > item.path("max").asInt(Integer.MAX_VALUE)) {
        errors.add(
            new ProblemException.FieldError(
                id,
                "a whole number from "
                    + item.path("min").asInt()
                    + " to "
                    + item.path("max").asInt()));
      }
      return;
    }
    if (!value.isTextual()) {
      errors.add(new ProblemException.FieldError(id, "must be a string"));
      return;
    }
    String text = value.asText().strip();
    int maxLength = item.path("maxLength").asInt(Integer.MAX_VALUE);
    if (text.codePointCount(0, text.length()) > maxLength) {
      errors.add(new ProblemException.FieldError(id, "at most " + maxLength + " characters"));
      return;
    }
    switch (type) {
      case "text" -> {
        // any text up to maxLength
      }
      case "kana" -> require(KANA, text, id, "katakana only", errors);
      case "postal-code" -> require(POSTAL_CODE, text, id, "7 digits (123-4567)", errors);
      case "phone" -> require(PHONE, text, id, "a phone number (digits and hyphens)", errors);
      case "medical-institution-code" ->
          require(MEDICAL_INSTITUTION_CODE, text, id, "10 digits", errors);
      case "municipality-code" ->
          require(MUNICIPALITY_CODE, text, id, "a 6-digit local government code", errors);
      case "date" -> checkDate(item, text, today, errors);
      default -> throw new IllegalStateException("Unknown item type " + type + " in the form");
    }
  }

  private static void require(
      Pattern pattern,
      String text,
      String id,
      String message,
      List<ProblemException.FieldError> errors) {
    if (!pattern.matcher(text).matches()) {
      errors.add(new ProblemException.FieldError(id, message));
    }
  }

  private static void checkDate(
      JsonNode item, String text, LocalDate today, List<ProblemException.FieldError> errors) {
    String id = item.path("id").asText();
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(new ProblemException.FieldError(id, "a date (YYYY-MM-DD)"));
      return;
    }
    if (item.path("notAfterToday").asBoolean() && date.isAfter(today)) {
      errors.add(new ProblemException.FieldError(id, "must not be in the future"));
    }
    if (item.path("notBeforeToday").asBoolean() && date.isBefore(today)) {
      errors.add(new ProblemException.FieldError(id, "must not be in the past"));
    }
    if (item.has("maxDaysAfterToday")
        && ChronoUnit.DAYS.between(today, date) > item.path("maxDaysAfterToday").asLong()) {
      errors.add(
          new ProblemException.FieldError(
              id, "at most " + item.path("maxDaysAfterToday").asLong() + " days from today"));
    }
  }

  private void checkAnswers(JsonNode answers, List<ProblemException.FieldError> errors) {
    if (answers == null || !answers.isObject()) {
      errors.add(new ProblemException.FieldError(ANSWERS, "the answers to the health questions"));
      return;
    }
    for (Iterator<String> names = answers.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!questions.containsKey(name)) {
        errors.add(new ProblemException.FieldError(ANSWERS + "." + name, "not a question"));
      }
    }
    for (JsonNode question : questions.values()) {
      String id = question.path("id").asText();
      String field = ANSWERS + "." + id;
      JsonNode answer = answers.get(id);
      if (answer == null || answer.isNull() || (answer.isTextual() && answer.asText().isBlank())) {
        if (question.path("required").asBoolean() || requiredByAnswer(question, answers)) {
          errors.add(new ProblemException.FieldError(field, "required"));
        }
        continue;
      }
      switch (question.path("answerType").asText()) {
        case "boolean" -> {
          if (!answer.isBoolean()) {
            errors.add(new ProblemException.FieldError(field, "true or false"));
          }
        }
        case "integer" -> {
          if (!answer.isIntegralNumber()
              || answer.asInt() < question.path("min").asInt()
              || answer.asInt() > question.path("max").asInt()) {
            errors.add(
                new ProblemException.FieldError(
                    field,
                    "a whole number from "
                        + question.path("min").asInt()
                        + " to "
                        + question.path("max").asInt()));
          }
        }
        case "choice" -> {
          Set<String> codes = new HashSet<>();
          question.path("choices").forEach(c -> codes.add(c.path("code").asText()));
          if (!answer.isTextual() || !codes.contains(answer.asText())) {
            errors.add(new ProblemException.FieldError(field, "one of " + codes));
          }
        }
        case "text" -> {
          int max = question.path("maxLength").asInt();
          if (!answer.isTextual()
              || answer.asText().codePointCount(0, answer.asText().length()) > max) {
            errors.add(
                new ProblemException.FieldError(field, "text of at most " + max + " characters"));
          }
        }
        default ->
            throw new IllegalStateException(
                "Unknown answer type " + question.path("answerType").asText() + " in the form");
      }
    }
  }

  private static boolean requiredByAnswer(JsonNode question, JsonNode answers) {
    JsonNode when = question.get("requiredWhen");
    return when != null && when.path("answer").equals(answers.get(when.path("question").asText()));
  }

  /** The answers written as free text, where an Individual Number could be typed in. */
  private List<String> freeTexts(JsonNode content) {
    List<String> texts = new ArrayList<>();
    items.values().stream()
        .filter(item -> "text".equals(item.path("type").asText()))
        .map(item -> content.path(item.path("id").asText()))
        .filter(JsonNode::isTextual)
        .forEach(value -> texts.add(value.asText()));
    questions.values().stream()
        .filter(q -> "text".equals(q.path("answerType").asText()))
        .map(q -> content.path(ANSWERS).path(q.path("id").asText()))
        .filter(JsonNode::isTextual)
        .forEach(value -> texts.add(value.asText()));
    return texts;
  }
}
