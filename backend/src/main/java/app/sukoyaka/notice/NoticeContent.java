package app.sukoyaka.notice;

import app.sukoyaka.platform.i18n.ServerTexts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What staff wrote: texts keyed by language (BCP 47 primary tag, Japanese always present), links,
 * an optional question with its deadline and reply policy, and follow-up settings. Checked by
 * {@link NoticeDrafts} before it is stored.
 *
 * @param question null when the notice asks nothing; a consent request's is the fixed yes/no
 *     question of {@link NoticeQuestion#consent()}
 * @param consentTextVersion the version of the consent text (the body) of a consent request, null
 *     for other notices
 * @param paperAfterDays recipients still unread this many days after arrival go on the paper list;
 *     null: only those without consent do
 * @param audienceId the saved audience the notice goes to; may be null while drafting
 */
public record NoticeContent(
    NoticeKind kind,
    Map<String, String> title,
    Map<String, String> body,
    List<Link> links,
    NoticeQuestion question,
    Instant replyDeadline,
    ReplyPolicy replyPolicy,
    String consentTextVersion,
    Integer paperAfterDays,
    UUID audienceId) {

  public NoticeContent {
    Objects.requireNonNull(kind, "kind");
    title = Map.copyOf(title);
    body = Map.copyOf(body);
    links = List.copyOf(links);
  }

  /** A link in a notice: https only. */
  public record Link(String title, String url) {}

  /**
   * A question.
   *
   * @param options the choices of a single or multiple choice question, else empty
   * @param dates the offered dates of a date choice, ascending, else empty
   * @param maxLength the longest free-text answer, null for other types
   */
  public record NoticeQuestion(
      QuestionType type,
      Map<String, String> prompt,
      List<Option> options,
      List<LocalDate> dates,
      Integer maxLength) {
    public NoticeQuestion {
      prompt = Map.copyOf(prompt);
      options = List.copyOf(options);
      dates = List.copyOf(dates);
    }

    private static Map<String, String> texts(ServerTexts.Text text) {
      return Map.of("ja", text.ja(), "en", text.en());
    }

    /** The yes/no question every consent request asks. */
    public static NoticeQuestion consent() {
      ServerTexts texts = ServerTexts.get();
      return new NoticeQuestion(
          QuestionType.SINGLE_CHOICE,
          texts(texts.text("notice.consent.question")),
          List.of(
              new Option(CONSENT_YES, texts(texts.text("notice.consent.yes"))),
              new Option(CONSENT_NO, texts(texts.text("notice.consent.no")))),
          List.of(),
          null);
    }
  }

  /** The choice code of a consent request that grants consent. */
  public static final String CONSENT_YES = "yes";

  /** The choice code of a consent request that refuses it. */
  public static final String CONSENT_NO = "no";

  /** One choice: a stable code (what a reply names) and its label by language. */
  public record Option(String code, Map<String, String> label) {
    public Option {
      label = Map.copyOf(label);
    }
  }
}
