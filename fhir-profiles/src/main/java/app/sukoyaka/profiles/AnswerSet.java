package app.sukoyaka.profiles;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A list of answers shared by coded items (judgements, test results, urine dipstick grades …),
 * published as one CodeSystem and its ValueSet.
 *
 * @param code the set's id; the CodeSystem and ValueSet ids when it is our own
 * @param system the CodeSystem canonical of every answer
 * @param provisional whether we defined the codes because no national list exists yet
 */
public record AnswerSet(
    String code,
    String system,
    LocalizedText title,
    String description,
    boolean provisional,
    String source,
    List<AnswerCode> answers) {
  public AnswerSet {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(source, "source");
    answers = List.copyOf(answers);
    if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("Answer set code is not kebab-case: " + code);
    }
    if (answers.isEmpty()) {
      throw new IllegalArgumentException(code + ": an answer set needs answers");
    }
    Set<String> seen = new HashSet<>();
    for (AnswerCode answer : answers) {
      if (!answer.system().equals(system)) {
        throw new IllegalArgumentException(
            code + ": answer " + answer.code() + " is not in " + system);
      }
      if (!seen.add(answer.code())) {
        throw new IllegalArgumentException(code + ": answer " + answer.code() + " listed twice");
      }
    }
  }

  /** Whether the CodeSystem is ours (published from the catalog) rather than an external one. */
  public boolean isOwn() {
    return system.startsWith(SukoyakaCanonicals.BASE_URL + "/CodeSystem/");
  }
}
