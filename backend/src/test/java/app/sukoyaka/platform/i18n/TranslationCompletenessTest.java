package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every text a parent is shown exists in every offered language: each covered data resource's texts
 * (objects with {@code ja} and {@code en}, outside the members a file skips) have a row with every
 * language, and each translation keeps the Japanese's placeholders.
 */
class TranslationCompletenessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Translations translations = Translations.load();

  @Test
  void everyShownTextOfEveryCoveredDataFileIsTranslatedIntoEveryOfferedLanguage()
      throws IOException {
    List<String> missing = new ArrayList<>();
    for (Translations.TranslationFile file : translations.files()) {
      for (Translations.Coverage coverage : file.covers()) {
        for (String ja : shownTexts(coverage)) {
          if (!isJapanese(ja)) {
            continue;
          }
          for (Language language : Language.translated()) {
            if (translations.exact(language, ja).filter(t -> !t.isBlank()).isEmpty()) {
              missing.add(coverage.resource() + ": " + language.code() + " lacks 「" + ja + "」");
            }
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyTranslationKeepsThePlaceholdersOfItsJapanese() {
    List<String> wrong = new ArrayList<>();
    for (Translations.TranslationFile file : translations.files()) {
      for (Map<Language, String> row : file.rows()) {
        Set<String> expected = Translations.placeholders(row.get(Language.JA));
        row.forEach(
            (language, text) -> {
              if (!Translations.placeholders(text).equals(expected)) {
                wrong.add(
                    file.name() + ": " + language.code() + " of 「" + row.get(Language.JA) + "」");
              }
            });
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyRowGivesEveryLanguageAndTranslatesATextItsFileCovers() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Translations.TranslationFile file : translations.files()) {
      Set<String> covered = new LinkedHashSet<>();
      for (Translations.Coverage coverage : file.covers()) {
        covered.addAll(shownTexts(coverage));
      }
      for (Map<Language, String> row : file.rows()) {
        String ja = row.get(Language.JA);
        if (!covered.contains(ja)) {
          wrong.add(file.name() + ": 「" + ja + "」 is in no covered resource (stale row?)");
        }
        for (Language language : Language.translated()) {
          if (!row.containsKey(language) || row.get(language).isBlank()) {
            wrong.add(file.name() + ": 「" + ja + "」 lacks " + language.code());
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyFileSaysForEachLanguageWhetherANativeSpeakerReviewedIt() {
    for (Translations.TranslationFile file : translations.files()) {
      assertThat(file.review().keySet())
          .as(file.name())
          .containsExactlyInAnyOrderElementsOf(Language.translated());
      assertThat(file.covers()).as(file.name()).isNotEmpty();
    }
  }

  /** The Japanese of every text in the resource that a parent may be shown. */
  static Set<String> shownTexts(Translations.Coverage coverage) throws IOException {
    try (InputStream in =
        TranslationCompletenessTest.class.getResourceAsStream(coverage.resource())) {
      assertThat(in).as(coverage.resource()).isNotNull();
      Set<String> texts = new LinkedHashSet<>();
      collect(JSON.readTree(in), "", coverage.skip(), texts);
      return texts;
    }
  }

  private static void collect(JsonNode node, String path, Set<String> skip, Set<String> texts) {
    if (node.isObject()) {
      if (node.path("ja").isTextual() && node.has("en")) {
        texts.add(node.path("ja").asText());
      }
      node.fields()
          .forEachRemaining(
              entry -> {
                String at = path + "/" + entry.getKey();
                if (!skip.contains(entry.getKey()) && !skip.contains(at)) {
                  collect(entry.getValue(), at, skip, texts);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, path, skip, texts));
    }
  }

  /** A text with no Japanese script in it (BCG, MMRV, kg) reads the same in every language. */
  static boolean isJapanese(String text) {
    return text.codePoints()
        .anyMatch(
            c -> {
              Character.UnicodeScript script = Character.UnicodeScript.of(c);
              return script == Character.UnicodeScript.HAN
                  || script == Character.UnicodeScript.HIRAGANA
                  || script == Character.UnicodeScript.KATAKANA;
            });
  }
}
