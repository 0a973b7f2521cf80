package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranslationsTest {
  private static final String REVIEW =
      "\"languages\":{\"vi\":{\"reviewed\":false,\"date\":\"2026-11-21\",\"by\":\"test\"}},";

  private static Translations of(String rows) {
    String index = "{\"format\":\"sukoyaka-translations-index/1\",\"files\":[\"a.json\"]}";
    String file =
        "{\"format\":\"sukoyaka-translations/1\",\"covers\":[],"
            + REVIEW
            + "\"texts\":["
            + rows
            + "]}";
    Map<String, String> files = Map.of("a.json", file);
    return Translations.parse(stream(index), name -> stream(files.get(name)));
  }

  private static InputStream stream(String text) {
    return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private final Translations shipped = Translations.load();

  @Test
  void aLabelIsFoundByItsJapanese() {
    Translations t = of("{\"ja\":\"要精密\",\"vi\":\"Cần khám chuyên sâu\"}");
    assertThat(t.translate("要精密", Reader.of(Language.VI))).contains("Cần khám chuyên sâu");
    assertThat(t.translate("要経過観察", Reader.of(Language.VI))).isEmpty();
    assertThat(t.translate("要経過観察", Reader.of(Language.JA))).contains("要経過観察");
  }

  @Test
  void aComposedTextIsTranslatedThroughItsTemplateWithItsValuesTranslatedInTurn() {
    Translations t =
        of(
            "{\"ja\":\"{vaccine}の{dose}\",\"vi\":\"{vaccine}, {dose}\"},"
                + "{\"ja\":\"ヒブ\",\"vi\":\"Hib\"},{\"ja\":\"1回目\",\"vi\":\"mũi 1\"}");
    assertThat(t.translate("ヒブの1回目", Reader.of(Language.VI))).contains("Hib, mũi 1");
    // A value nobody translated (a product name) is kept as it is.
    assertThat(t.translate("ヒブの2回目", Reader.of(Language.VI))).contains("Hib, 2回目");
  }

  @Test
  void aDateInATemplateIsWrittenInTheReadersLanguageAndCalendar() {
    Translations t =
        of("{\"ja\":\"{date} 以降に生まれた子が対象です。\",\"vi\":\"Dành cho trẻ sinh từ {date}.\"}");
    assertThat(t.translate("2024-04-01 以降に生まれた子が対象です。", Reader.of(Language.JA)))
        .contains("令和6年4月1日 以降に生まれた子が対象です。");
    assertThat(
            t.translate(
                "2024-04-01 以降に生まれた子が対象です。",
                new Reader(Language.JA, CalendarSystem.GREGORIAN, true)))
        .contains("2024年4月1日 以降に生まれた子が対象です。");
    assertThat(t.translate("2024-04-01 以降に生まれた子が対象です。", Reader.of(Language.VI)))
        .hasValueSatisfying(
            v -> assertThat(v).startsWith("Dành cho trẻ sinh từ ").contains("2024"));
  }

  @Test
  void aWholeTextThatIsADateIsWrittenForTheReader() {
    assertThat(shipped.translate("2019-05-01", Reader.of(Language.JA))).contains("令和元年5月1日");
  }

  @Test
  void aTemplateOfPunctuationAloneDoesNotTranslateATextWhoseValuesAreUnknown() {
    // 「4か月児健診（保健センター）」 is a notice's own title, not a coded answer with a note.
    assertThat(shipped.translate("4か月児健診（保健センター）", Reader.of(Language.VI))).isEmpty();
    assertThat(shipped.translate("あり（乳児湿疹）", Reader.of(Language.VI))).contains("Có (乳児湿疹)");
  }

  @Test
  void aRepeatedPlaceholderMustHoldTheSameValueBothTimes() {
    String mixed = "ロタリックス で始めたシリーズは ロタリックス で完了します (製品が混在しています)。";
    assertThat(shipped.translate(mixed, Reader.of(Language.PT)))
        .contains(
            "Uma série iniciada com ロタリックス deve ser concluída com ロタリックス (há produtos misturados).");
  }

  @Test
  void twoFilesThatTranslateOneJapaneseDifferentlyAreRefused() {
    assertThatThrownBy(() -> of("{\"ja\":\"あり\",\"vi\":\"Có\"},{\"ja\":\"あり\",\"vi\":\"Không\"}"))
        .hasMessageContaining("translated twice");
  }

  @Test
  void aFileThatDoesNotSayWhetherItWasReviewedIsRefused() {
    String index = "{\"format\":\"sukoyaka-translations-index/1\",\"files\":[\"a.json\"]}";
    String file =
        "{\"format\":\"sukoyaka-translations/1\",\"languages\":{\"vi\":{\"date\":\"2026-11-21\","
            + "\"by\":\"x\"}},\"texts\":[]}";
    assertThatThrownBy(() -> Translations.parse(stream(index), name -> stream(file)))
        .hasMessageContaining("reviewed");
  }
}
