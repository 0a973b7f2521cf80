package app.sukoyaka.checkup.handbook;

import app.sukoyaka.profiles.AnswerSet;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handbook's texts, checked against the checkup catalog when the service starts. */
@Factory
class HandbookTextsFactory {

  @Singleton
  HandbookTexts texts(CheckupItemCatalog catalog) {
    HandbookTexts texts = HandbookTexts.load();
    List<String> problems = problems(texts, catalog);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          HandbookTexts.RESOURCE + " does not fit the checkup catalog: " + problems);
    }
    return texts;
  }

  /**
   * What does not fit: a checkup kind of the catalog the file sorts into no record kind, an answer
   * set or answer the catalog does not have, an answer of a guided set without guidance.
   */
  static List<String> problems(HandbookTexts texts, CheckupItemCatalog catalog) {
    List<String> problems = new ArrayList<>();
    for (CheckupKind kind : catalog.kinds()) {
      if (texts.recordKindOf(kind.code()).isEmpty()) {
        problems.add("checkup kind " + kind.code() + " is in no record kind");
      }
    }
    for (String sorted : texts.sortedCheckupKinds()) {
      if (catalog.kind(sorted).isEmpty()) {
        problems.add("record kinds name " + sorted + ", which is not a checkup kind");
      }
    }
    for (Map.Entry<String, Map<String, HandbookTexts.Guidance>> set : texts.guidance().entrySet()) {
      Optional<AnswerSet> answers = catalog.answerSet(set.getKey());
      if (answers.isEmpty()) {
        problems.add("guidance for " + set.getKey() + ", which is not an answer set");
        continue;
      }
      answers.get().answers().stream()
          .filter(answer -> !set.getValue().containsKey(answer.code()))
          .forEach(answer -> problems.add(set.getKey() + "/" + answer.code() + " has no guidance"));
      set.getValue().keySet().stream()
          .filter(code -> answers.get().answers().stream().noneMatch(a -> a.code().equals(code)))
          .forEach(code -> problems.add(set.getKey() + "/" + code + " is not an answer"));
    }
    return problems;
  }
}
