package app.sukoyaka.profiles;

import java.util.Objects;
import java.util.Optional;

/**
 * One permitted answer of a coded catalog item.
 *
 * @param explanation what the answer means in plain words for a family (a judgement such as 要精密
 *     explained); {@code null} where the label says it all
 */
public record AnswerCode(
    String system, String code, LocalizedText label, LocalizedText explanation) {
  public AnswerCode {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
  }

  public AnswerCode(String system, String code, LocalizedText label) {
    this(system, code, label, null);
  }

  /** The answer as a bare coding. */
  public CodingRef coding() {
    return new CodingRef(system, code);
  }

  /** The plain-words explanation, if the catalog gives one. */
  public Optional<LocalizedText> plainExplanation() {
    return Optional.ofNullable(explanation);
  }
}
