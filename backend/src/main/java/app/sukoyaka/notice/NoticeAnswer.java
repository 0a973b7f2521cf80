package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A reply to a notice's question: the chosen codes, the chosen date or the text, exactly one of
 * them as the question's type says.
 */
record NoticeAnswer(List<String> choices, LocalDate date, String text) {

  NoticeAnswer {
    choices = choices == null ? null : List.copyOf(choices);
  }

  /**
   * The answer as the question takes it, or a {@code ProblemException} (SKY-5116) naming what does
   * not fit: a code the question does not offer, a date not among the offered dates, text too long.
   */
  static NoticeAnswer read(NoticeBodies.Answer given, NoticeContent.NoticeQuestion question) {
    Violations violations = new Violations();
    ErrorCode invalid = ErrorCode.NOTICE_REPLY_INVALID;
    boolean hasChoices = given.choices() != null;
    boolean hasDate = given.date() != null;
    boolean hasText = given.text() != null;
    NoticeAnswer answer = null;
    switch (question.type()) {
      case SINGLE_CHOICE, MULTIPLE_CHOICE -> {
        if (hasDate || hasText) {
          violations.add(
              invalid, hasDate ? "date" : "text", "this question is answered by choices");
        }
        List<String> choices = given.choices() == null ? List.of() : given.choices();
        Set<String> offered = new HashSet<>();
        question.options().forEach(option -> offered.add(option.code()));
        if (choices.isEmpty()) {
          violations.add(invalid, "choices", "choose one of " + offered.size() + " choices");
        } else if (question.type() == QuestionType.SINGLE_CHOICE && choices.size() > 1) {
          violations.add(invalid, "choices", "choose exactly one");
        }
        Set<String> seen = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
          String code = choices.get(i);
          if (code == null || !offered.contains(code)) {
            violations.add(invalid, "choices[" + i + "]", "not a choice of this question");
          } else if (!seen.add(code)) {
            violations.add(invalid, "choices[" + i + "]", "chosen twice");
          } else {
            kept.add(code);
          }
        }
        answer = new NoticeAnswer(kept, null, null);
      }
      case DATE_CHOICE -> {
        if (hasChoices || hasText) {
          violations.add(
              invalid, hasChoices ? "choices" : "text", "this question is answered by a date");
        }
        if (!hasDate) {
          violations.add(invalid, "date", "choose one of the offered dates");
        } else {
          try {
            LocalDate date = LocalDate.parse(given.date());
            if (!question.dates().contains(date)) {
              violations.add(invalid, "date", "not one of the offered dates");
            }
            answer = new NoticeAnswer(null, date, null);
          } catch (DateTimeParseException e) {
            violations.add(invalid, "date", "not a date (YYYY-MM-DD)");
          }
        }
      }
      case FREE_TEXT -> {
        if (hasChoices || hasDate) {
          violations.add(
              invalid, hasChoices ? "choices" : "date", "this question is answered by text");
        }
        String text = given.text() == null ? "" : given.text().strip();
        if (text.isEmpty()) {
          violations.add(invalid, "text", "required");
        } else if (text.codePointCount(0, text.length()) > question.maxLength()) {
          violations.add(invalid, "text", "at most " + question.maxLength() + " characters");
        }
        answer = new NoticeAnswer(null, null, text);
      }
      default -> throw new IllegalStateException(question.type().toString());
    }
    violations.throwIfAny();
    return answer;
  }
}
