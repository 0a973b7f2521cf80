package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class JapaneseDatesTest {

  private static LocalDate wareki(String text) {
    JapaneseDates.Parsed parsed = JapaneseDates.parse(text, JapaneseDates.Style.WAREKI);
    assertThat(parsed.ok()).as(text + ": " + parsed.problemEn()).isTrue();
    return parsed.date();
  }

  private static LocalDate western(String text) {
    JapaneseDates.Parsed parsed = JapaneseDates.parse(text, JapaneseDates.Style.WESTERN);
    assertThat(parsed.ok()).as(text + ": " + parsed.problemEn()).isTrue();
    return parsed.date();
  }

  @Test
  void eraDatesAreReadInEveryWayLegacySystemsWriteThem() {
    LocalDate day = LocalDate.of(2023, 4, 3);
    assertThat(wareki("令和5年4月3日")).isEqualTo(day);
    assertThat(wareki("令和 5年 4月 3日")).isEqualTo(day);
    assertThat(wareki("令5.4.3")).isEqualTo(day);
    assertThat(wareki("R5.4.3")).isEqualTo(day);
    assertThat(wareki("r05/04/03")).isEqualTo(day);
    assertThat(wareki("R05-04-03")).isEqualTo(day);
    assertThat(wareki("R050403")).isEqualTo(day);
    assertThat(wareki("Ｒ０５．０４．０３")).isEqualTo(day);
    assertThat(wareki("平成31年4月30日")).isEqualTo(LocalDate.of(2019, 4, 30));
    assertThat(wareki("令和元年5月1日")).isEqualTo(LocalDate.of(2019, 5, 1));
    assertThat(wareki("S63.1.8")).isEqualTo(LocalDate.of(1988, 1, 8));
    assertThat(wareki("H1.1.8")).isEqualTo(LocalDate.of(1989, 1, 8));
  }

  @Test
  void aDayOutsideItsEraOrThatDoesNotExistIsRefused() {
    assertThat(JapaneseDates.parse("令和元年4月30日", JapaneseDates.Style.WAREKI).ok()).isFalse();
    assertThat(JapaneseDates.parse("平成31年5月1日", JapaneseDates.Style.WAREKI).ok()).isFalse();
    assertThat(JapaneseDates.parse("R5.2.30", JapaneseDates.Style.WAREKI).ok()).isFalse();
    assertThat(JapaneseDates.parse("2025-02-30", JapaneseDates.Style.WESTERN).ok()).isFalse();
  }

  @Test
  void westernDatesAreReadWithDashesSlashesDotsKanjiOrPacked() {
    LocalDate day = LocalDate.of(2025, 4, 3);
    assertThat(western("2025-04-03")).isEqualTo(day);
    assertThat(western("2025/4/3")).isEqualTo(day);
    assertThat(western("2025.4.3")).isEqualTo(day);
    assertThat(western("20250403")).isEqualTo(day);
    assertThat(western("2025年4月3日")).isEqualTo(day);
    assertThat(western(" ２０２５／０４／０３ ")).isEqualTo(day);
  }

  @Test
  void aDateInTheOtherStyleIsRefusedWithTheExpectedFormInBothLanguages() {
    JapaneseDates.Parsed western = JapaneseDates.parse("R5.4.3", JapaneseDates.Style.WESTERN);
    JapaneseDates.Parsed wareki = JapaneseDates.parse("2023-04-03", JapaneseDates.Style.WAREKI);

    assertThat(western.ok()).isFalse();
    assertThat(western.problemJa()).contains("西暦");
    assertThat(western.problemEn()).contains("western");
    assertThat(wareki.ok()).isFalse();
    assertThat(wareki.problemJa()).contains("和暦");
    assertThat(wareki.problemEn()).contains("Japanese-era");
  }
}
