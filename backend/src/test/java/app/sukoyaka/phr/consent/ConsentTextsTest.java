package app.sukoyaka.phr.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentTextsTest {
  private final ConsentTexts texts = new ConsentTexts();

  @Test
  void everyTextHasATitleAndWordingInJapaneseAndEnglish() {
    assertThat(texts.all()).isNotEmpty();
    for (ConsentTexts.Text text : texts.all()) {
      assertThat(List.of(text.titleJa(), text.titleEn(), text.textJa(), text.textEn()))
          .as(text.kind() + " " + text.version())
          .allMatch(s -> !s.isBlank());
    }
  }

  @Test
  void aConsentGivenTodayRecordsTheNewestVersionInForceNeverALegacyOne() {
    assertThat(texts.current("family-sharing", LocalDate.of(2026, 12, 1)).version())
        .isEqualTo("2026-11");
    assertThat(texts.current("transfer-in", LocalDate.of(2026, 12, 1)).version())
        .isEqualTo("2026-11");
    assertThatThrownBy(() -> texts.current("family-sharing", LocalDate.of(2026, 6, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theVersionThatNamesConsentsFromBeforeVersionsWereKeptSaysSo() {
    ConsentTexts.Text legacy = texts.find("family-sharing", "legacy-before-2026-11").orElseThrow();

    assertThat(legacy.legacy()).isTrue();
    assertThat(legacy.textEn()).contains("was not kept");
    assertThat(texts.find("transfer-in", "legacy-before-2026-11")).isPresent();
  }

  @Test
  void aNewVersionTakesOverOnTheDayItTakesEffect() {
    ConsentTexts two =
        new ConsentTexts(
            List.of(
                new ConsentTexts.Text(
                    "k", "1", LocalDate.of(2026, 1, 1), false, "t", "t", "a", "a"),
                new ConsentTexts.Text(
                    "k", "2", LocalDate.of(2026, 6, 1), false, "t", "t", "b", "b")));

    assertThat(two.current("k", LocalDate.of(2026, 5, 31)).version()).isEqualTo("1");
    assertThat(two.current("k", LocalDate.of(2026, 6, 1)).version()).isEqualTo("2");
  }
}
