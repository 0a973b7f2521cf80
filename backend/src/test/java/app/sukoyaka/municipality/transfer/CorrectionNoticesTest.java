package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.profiles.LocalizedText;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The notice of a corrected record, in every language the handbook offers. */
class CorrectionNoticesTest {
  private static final CorrectionNotices NOTICES = CorrectionNotices.load();

  @Test
  void aCorrectedDoseIsToldInEveryOfferedLanguageWithTheVaccineAndTheDayWrittenForTheReader() {
    CorrectionNotices.Texts texts =
        NOTICES.notice(
            "immunization-correct",
            new LocalizedText("麻しん風しん混合（MR）", "Measles-rubella (MR)"),
            LocalDate.of(2026, 6, 12));

    for (Language language : Language.values()) {
      assertThat(texts.title()).as(language.code()).containsKey(language.code());
      assertThat(texts.body()).as(language.code()).containsKey(language.code());
      assertThat(texts.body().get(language.code())).as(language.code()).doesNotContain("{");
    }
    assertThat(texts.body().get("ja")).contains("麻しん風しん混合（MR）").contains("令和8年6月12日");
    assertThat(texts.body().get("en")).contains("Measles-rubella (MR)").contains("2026");
    assertThat(texts.body().get("ko")).contains("예방접종 기록");
  }

  @Test
  void aWithdrawnCheckupFindingIsToldWithTheKindOfCheckup() {
    CorrectionNotices.Texts texts =
        NOTICES.notice(
            "observation-retract",
            new LocalizedText("3～4か月児健康診査", "Checkup at 3-4 months"),
            LocalDate.of(2026, 3, 2));

    assertThat(texts.title().get("ja")).isEqualTo("お子さまの記録を訂正しました");
    assertThat(texts.body().get("ja")).startsWith("お子さまの3～4か月児健康診査（令和8年3月2日）の記録の一部");
    assertThat(texts.body().get("pt")).contains("foi cancelada");
  }
}
