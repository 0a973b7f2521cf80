package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.platform.i18n.Reader;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A push speaks the guardian's language: one language for title and body, never a mix. */
class PushLanguageTest {
  private static PushRequest push(Map<String, String> title, Map<String, String> body) {
    return new PushRequest(
        UUID.randomUUID(),
        UUID.randomUUID(),
        PushKind.REMINDER,
        UUID.randomUUID(),
        title,
        body,
        "sukoyaka://reminders/1",
        Map.of());
  }

  private static final PushRequest VACCINE_DUE =
      push(
          Map.of("ja", "予防接種の時期が近づいています", "en", "A vaccination is coming up"),
          Map.of("ja", "アプリで接種の予定をご確認ください。", "en", "Open the app to see what is due."));

  @Test
  void aNepaliSpeakingFatherGetsTheVaccinationReminderInNepali() {
    PushOutbox.Shown shown = PushOutbox.shown(VACCINE_DUE, Reader.of(Language.NE));

    assertThat(shown.language()).isEqualTo("ne");
    assertThat(shown.title()).isEqualTo("खोप लगाउने समय नजिकिँदै छ");
    assertThat(shown.body()).isEqualTo("खोपको तालिका हेर्न एप खोल्नुहोस्।");
  }

  @Test
  void aJapaneseMotherGetsItInJapanese() {
    PushOutbox.Shown shown = PushOutbox.shown(VACCINE_DUE, Reader.of(Language.JA));

    assertThat(shown.language()).isEqualTo("ja");
    assertThat(shown.title()).isEqualTo("予防接種の時期が近づいています");
  }

  @Test
  void aNoticeTitleStaffWroteInJapaneseAndEnglishReachesAKoreanMotherInEnglishTitleAndBodyAlike() {
    PushRequest notice =
        push(
            Map.of("ja", "4か月児健診のご案内", "en", "Your 4-month checkup"),
            Map.of("ja", "アプリでお知らせをご確認ください", "en", "Please open the app to read the notice."));

    PushOutbox.Shown shown = PushOutbox.shown(notice, Reader.of(Language.KO));

    // The body alone could be Korean, the title cannot: the push stays in one language.
    assertThat(shown.language()).isEqualTo("en");
    assertThat(shown.title()).isEqualTo("Your 4-month checkup");
    assertThat(shown.body()).isEqualTo("Please open the app to read the notice.");
  }

  @Test
  void aNoticeStaffWroteInVietnameseReachesAVietnameseMotherAsTheyWroteIt() {
    PushRequest notice =
        push(
            Map.of("ja", "4か月児健診のご案内", "vi", "Khám sức khỏe 4 tháng"),
            Map.of("ja", "アプリでお知らせをご確認ください", "vi", "Mở ứng dụng để đọc thông báo"));

    PushOutbox.Shown shown = PushOutbox.shown(notice, Reader.of(Language.VI));

    assertThat(shown.language()).isEqualTo("vi");
    assertThat(shown.title()).isEqualTo("Khám sức khỏe 4 tháng");
  }

  @Test
  void withoutEnglishOrATranslationThePushStaysJapanese() {
    PushRequest notice = push(Map.of("ja", "保健センターからのお知らせ"), Map.of("ja", "アプリでお知らせをご確認ください"));

    assertThat(PushOutbox.shown(notice, Reader.of(Language.TL)).language()).isEqualTo("ja");
  }
}
