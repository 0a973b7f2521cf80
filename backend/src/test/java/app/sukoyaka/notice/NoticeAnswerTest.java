package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ProblemException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoticeAnswerTest {
  private static final NoticeContent.NoticeQuestion MULTIPLE =
      new NoticeContent.NoticeQuestion(
          QuestionType.MULTIPLE_CHOICE,
          Map.of("ja", "?"),
          List.of(
              new NoticeContent.Option("a", Map.of("ja", "A")),
              new NoticeContent.Option("b", Map.of("ja", "B"))),
          List.of(),
          null);

  private static final NoticeContent.NoticeQuestion TEXT =
      new NoticeContent.NoticeQuestion(
          QuestionType.FREE_TEXT, Map.of("ja", "?"), List.of(), List.of(), 3);

  private static void refused(
      NoticeBodies.Answer answer, NoticeContent.NoticeQuestion question, String field) {
    assertThatThrownBy(() -> NoticeAnswer.read(answer, question))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.errorCode().code()).isEqualTo("SKY-5116");
              assertThat(e.errors().get(0).field()).isEqualTo(field);
            });
  }

  @Test
  void aMultipleChoiceTakesDistinctOfferedCodes() {
    assertThat(
            NoticeAnswer.read(new NoticeBodies.Answer(List.of("b", "a"), null, null), MULTIPLE)
                .choices())
        .containsExactly("b", "a");
    refused(new NoticeBodies.Answer(List.of("a", "a"), null, null), MULTIPLE, "choices[1]");
    refused(new NoticeBodies.Answer(List.of(), null, null), MULTIPLE, "choices");
    refused(new NoticeBodies.Answer(List.of("a"), "2026-01-01", null), MULTIPLE, "date");
  }

  @Test
  void theConsentQuestionTakesYesOrNoOnly() {
    NoticeContent.NoticeQuestion consent = NoticeContent.NoticeQuestion.consent();
    assertThat(
            NoticeAnswer.read(new NoticeBodies.Answer(List.of("yes"), null, null), consent)
                .choices())
        .containsExactly("yes");
    refused(new NoticeBodies.Answer(List.of("yes", "no"), null, null), consent, "choices");
  }

  @Test
  void freeTextIsCountedInCharactersAfterTrimming() {
    assertThat(NoticeAnswer.read(new NoticeBodies.Answer(null, null, "  はいい "), TEXT).text())
        .isEqualTo("はいい");
    refused(new NoticeBodies.Answer(null, null, "はいいい"), TEXT, "text");
    refused(new NoticeBodies.Answer(null, null, "   "), TEXT, "text");
  }

  @Test
  void aDateMustBeOneOfTheOfferedDates() {
    NoticeContent.NoticeQuestion dates =
        new NoticeContent.NoticeQuestion(
            QuestionType.DATE_CHOICE,
            Map.of("ja", "?"),
            List.of(),
            List.of(LocalDate.of(2026, 6, 1)),
            null);
    assertThat(NoticeAnswer.read(new NoticeBodies.Answer(null, "2026-06-01", null), dates).date())
        .isEqualTo(LocalDate.of(2026, 6, 1));
    refused(new NoticeBodies.Answer(null, "2026-06-02", null), dates, "date");
    refused(new NoticeBodies.Answer(null, "June 1st", null), dates, "date");
  }
}
