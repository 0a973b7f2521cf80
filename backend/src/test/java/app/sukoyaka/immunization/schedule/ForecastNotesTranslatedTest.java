package app.sukoyaka.immunization.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.platform.i18n.Reader;
import app.sukoyaka.platform.i18n.Translations;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every note the forecaster writes for a parent, those it composes with a date or a product among
 * them, reads in every offered language: a sentence changed in the code without its row in the
 * translations fails here.
 */
class ForecastNotesTranslatedTest {
  private static final Forecaster FORECASTER = new Forecaster(RoutineSchedule.load());
  private final Translations translations = Translations.load();

  @Test
  void everyNoteOfSixHundredGeneratedChildrenIsTranslatedIntoEveryOfferedLanguage() {
    SyntheticChildren generator = new SyntheticChildren(FORECASTER, 7);
    Set<String> notes = new TreeSet<>();
    for (int i = 0; i < 600; i++) {
      LocalDate asOf = LocalDate.of(2024, 4, 1).plusDays(generator.random().nextInt(960));
      ForecastRequest child = generator.child(asOf.minusYears(17), asOf, asOf);
      for (Recommendation r : FORECASTER.forecast(child).recommendations()) {
        r.notes().forEach(note -> notes.add(note.text().ja()));
      }
    }
    assertThat(notes).hasSizeGreaterThan(10);
    Set<String> untranslated = new TreeSet<>();
    for (String ja : notes) {
      for (Language language : Language.translated()) {
        if (translations.translate(ja, Reader.of(language)).isEmpty()) {
          untranslated.add(language.code() + ": " + ja);
        }
      }
    }
    assertThat(untranslated).isEmpty();
  }
}
