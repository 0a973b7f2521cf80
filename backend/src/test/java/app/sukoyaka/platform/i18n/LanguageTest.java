package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {
  @Test
  void theHandbookOffersJapaneseEnglishAndTheLanguagesOfTheLargestResidentGroups() {
    assertThat(Language.codes()).containsExactly("ja", "en", "zh", "ko", "vi", "pt", "tl", "ne");
  }

  @Test
  void acceptLanguageChoosesTheOfferedLanguageWithTheHighestWeight() {
    assertThat(Language.fromAcceptLanguage("fr;q=1.0, vi-VN;q=0.9, en;q=0.5"))
        .contains(Language.VI);
    assertThat(Language.fromAcceptLanguage("pt-BR")).contains(Language.PT);
    assertThat(Language.fromAcceptLanguage("fil-PH")).contains(Language.TL);
    assertThat(Language.fromAcceptLanguage("zh-CN,zh;q=0.9")).contains(Language.ZH);
    assertThat(Language.fromAcceptLanguage("zh-Hans-CN")).contains(Language.ZH);
  }

  @Test
  void traditionalChineseWildcardsAndNonsenseNameNoLanguageSoTheSettingApplies() {
    assertThat(Language.fromAcceptLanguage("zh-TW")).isEmpty();
    assertThat(Language.fromAcceptLanguage("*")).isEmpty();
    assertThat(Language.fromAcceptLanguage("fr, de")).isEmpty();
    assertThat(Language.fromAcceptLanguage(";;;")).isEmpty();
    assertThat(Language.fromAcceptLanguage(null)).isEmpty();
    assertThat(Language.fromAcceptLanguage("vi;q=0")).isEmpty();
  }

  @Test
  void aReaderWhoNeverChoseACalendarGetsTheDefaultOfTheLanguageTheyReadIn() {
    assertThat(Reader.of(Language.JA).calendar()).isEqualTo(CalendarSystem.JAPANESE);
    assertThat(Reader.of(Language.NE).calendar()).isEqualTo(CalendarSystem.GREGORIAN);
    assertThat(Reader.of(Language.JA).in(Language.KO).calendar())
        .isEqualTo(CalendarSystem.GREGORIAN);
    Reader chose = new Reader(Language.PT, CalendarSystem.JAPANESE, true);
    assertThat(chose.in(Language.EN).calendar()).isEqualTo(CalendarSystem.JAPANESE);
  }
}
