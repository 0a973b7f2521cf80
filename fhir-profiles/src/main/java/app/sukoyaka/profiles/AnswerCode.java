package app.sukoyaka.profiles;

import java.util.Objects;

/** One permitted answer of a coded catalog item. */
public record AnswerCode(String system, String code, LocalizedText label) {
  public AnswerCode {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
  }

  /** The answer as a bare coding. */
  public CodingRef coding() {
    return new CodingRef(system, code);
  }
}
