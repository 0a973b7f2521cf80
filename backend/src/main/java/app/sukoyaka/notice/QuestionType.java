package app.sukoyaka.notice;

import java.util.Optional;

/** The kinds of question a notice may ask. */
public enum QuestionType {
  /** Exactly one of the offered choices. */
  SINGLE_CHOICE("single_choice"),
  /** One or more of the offered choices. */
  MULTIPLE_CHOICE("multiple_choice"),
  /** One of the offered dates (a preferred visit day). */
  DATE_CHOICE("date_choice"),
  /** Free text up to the question's maximum length. */
  FREE_TEXT("free_text");

  private final String code;

  QuestionType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<QuestionType> of(String code) {
    for (QuestionType type : values()) {
      if (type.code.equals(code)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
