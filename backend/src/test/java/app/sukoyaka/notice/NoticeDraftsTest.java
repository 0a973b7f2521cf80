package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoticeDraftsTest {
  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2026, 5, 1);

  private static NoticeBodies.NoticeDraft draft(
      NoticeBodies.QuestionDraft question, String deadline, String policy) {
    return new NoticeBodies.NoticeDraft(
        null,
        Map.of("ja", "題", "en", "Title"),
        Map.of("ja", "本文"),
        List.of(new NoticeBodies.Link("市", "https://city.example.jp/a")),
        question,
        deadline,
        policy,
        null,
        null,
        null);
  }

  private static List<String> fields(ProblemException e) {
    return e.errors().stream().map(ProblemException.FieldError::field).toList();
  }

  @Test
  void aCompleteDraftIsReadWithItsQuestion() {
    NoticeContent content =
        NoticeDrafts.read(
            draft(
                new NoticeBodies.QuestionDraft(
                    "date_choice",
                    Map.of("ja", "希望日"),
                    null,
                    List.of("2026-05-20", "2026-05-13"),
                    null),
                "2026-05-10T23:59:59+09:00",
                "changeable"),
            NOW,
            TODAY);

    assertThat(content.kind()).isEqualTo(NoticeKind.OFFICIAL);
    assertThat(content.question().dates())
        .containsExactly(LocalDate.of(2026, 5, 13), LocalDate.of(2026, 5, 20));
    assertThat(content.replyDeadline()).isEqualTo(Instant.parse("2026-05-10T14:59:59Z"));
    assertThat(content.replyPolicy()).isEqualTo(ReplyPolicy.CHANGEABLE);
    assertThat(content.title()).containsEntry("en", "Title");
  }

  @Test
  void aDeadlineMustBeAnRfc3339DateTimeAhead() {
    NoticeBodies.QuestionDraft question =
        new NoticeBodies.QuestionDraft("free_text", Map.of("ja", "?"), null, null, 100);
    for (String deadline :
        new String[] {"2026-05-10", "2026-05-10T10:00+09:00", "2026-04-30T23:59:59Z"}) {
      assertThatThrownBy(() -> NoticeDrafts.read(draft(question, deadline, "once"), NOW, TODAY))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> assertThat(fields(e)).as(deadline).containsExactly("replyDeadline"));
    }
  }

  @Test
  void optionCodesAreUniqueAndLanguagesAreLanguageCodes() {
    NoticeBodies.QuestionDraft question =
        new NoticeBodies.QuestionDraft(
            "single_choice",
            Map.of("ja", "?", "EN", "?"),
            List.of(
                new NoticeBodies.OptionDraft("a", Map.of("ja", "A")),
                new NoticeBodies.OptionDraft("a", Map.of("ja", "B"))),
            null,
            null);

    assertThatThrownBy(
            () -> NoticeDrafts.read(draft(question, "2026-05-10T00:00:00Z", "once"), NOW, TODAY))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e ->
                assertThat(fields(e))
                    .containsExactly("question.prompt.EN", "question.options[1].code"));
  }

  @Test
  void aSentNoticeMustStillHaveItsDeadlineAndDatesAhead() {
    NoticeContent content =
        NoticeDrafts.read(
            draft(
                new NoticeBodies.QuestionDraft(
                    "date_choice", Map.of("ja", "希望日"), null, List.of("2026-05-03"), null),
                "2026-05-02T00:00:00Z",
                "once"),
            NOW,
            TODAY);

    NoticeDrafts.checkSendable(content, NOW, TODAY);
    assertThatThrownBy(
            () ->
                NoticeDrafts.checkSendable(
                    content, Instant.parse("2026-05-04T00:00:00Z"), LocalDate.of(2026, 5, 4)))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(fields(e)).containsExactly("replyDeadline", "question.dates[0]"));
  }

  @Test
  void onlyAbsoluteHttpsUrlsWithAHostAndNoCredentialsAreLinks() {
    assertThat(NoticeDrafts.isHttps("https://www.city.example.lg.jp/a?b=c#d")).isTrue();
    assertThat(NoticeDrafts.isHttps("HTTPS://example.jp/")).isTrue();
    assertThat(NoticeDrafts.isHttps("http://example.jp/")).isFalse();
    assertThat(NoticeDrafts.isHttps("https:///path")).isFalse();
    assertThat(NoticeDrafts.isHttps("https://user:pw@example.jp/")).isFalse();
    assertThat(NoticeDrafts.isHttps("//example.jp/")).isFalse();
    assertThat(NoticeDrafts.isHttps("https://exa mple.jp/")).isFalse();
  }
}
