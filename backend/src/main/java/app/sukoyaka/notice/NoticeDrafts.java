package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a notice as staff wrote it ({@link NoticeBodies.NoticeDraft}) into {@link NoticeContent},
 * refusing with every rejected member named what a recipient could not use: no Japanese title or
 * body, a link that is not https, a question without choices or dates, a deadline already past.
 * Pure: the caller gives the instant and the day in Japan.
 */
final class NoticeDrafts {
  static final int MAX_TITLE = 100;
  static final int MAX_BODY = 10_000;
  static final int MAX_LINKS = 20;
  static final int MAX_LINK_TITLE = 200;
  static final int MAX_URL = 2_000;
  static final int MAX_PROMPT = 500;
  static final int MAX_OPTIONS = 50;
  static final int MAX_OPTION_LABEL = 200;
  static final int MAX_DATES = 60;
  static final int MAX_FREE_TEXT = 4_000;
  static final int MAX_PAPER_DAYS = 365;

  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

  /** A date-time with seconds and an offset, as RFC 3339 (and the API) write it. */
  private static final Pattern RFC_3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z._-]{1,40}");

  private NoticeDrafts() {}

  /**
   * The content, or a {@code ProblemException} naming every rejected member.
   *
   * @param now the instant the reply deadline must lie after
   * @param today the day in Japan the offered dates must not lie before
   */
  static NoticeContent read(NoticeBodies.NoticeDraft draft, Instant now, LocalDate today) {
    Violations violations = new Violations();
    NoticeKind kind = NoticeKind.OFFICIAL;
    if (draft.kind() != null) {
      kind = NoticeKind.of(draft.kind()).orElse(null);
      if (kind == null) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID, "kind", "must be official or consent_request");
        kind = NoticeKind.OFFICIAL;
      }
    }
    Map<String, String> title = texts(draft.title(), "title", MAX_TITLE, violations);
    Map<String, String> body = texts(draft.body(), "body", MAX_BODY, violations);
    List<NoticeContent.Link> links = links(draft.links(), violations);

    NoticeContent.NoticeQuestion question = null;
    Instant deadline = null;
    ReplyPolicy policy = null;
    String version = null;
    if (kind == NoticeKind.CONSENT_REQUEST) {
      if (draft.question() != null) {
        violations.add(
            ErrorCode.NOTICE_QUESTION_INVALID,
            "question",
            "a consent request asks its own yes/no question; leave question out");
      }
      if (draft.consentTextVersion() == null || draft.consentTextVersion().isBlank()) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID,
            "consentTextVersion",
            "required for a consent request: the version of the consent text (the body)");
      } else if (!VERSION.matcher(draft.consentTextVersion()).matches()) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID,
            "consentTextVersion",
            "1 to 40 letters, digits, dots, hyphens or underscores");
      } else {
        version = draft.consentTextVersion();
      }
      if (draft.replyPolicy() != null
          && !ReplyPolicy.CHANGEABLE.code().equals(draft.replyPolicy())) {
        violations.add(
            ErrorCode.NOTICE_QUESTION_INVALID,
            "replyPolicy",
            "a consent request's answer stays changeable until the deadline");
      }
      question = NoticeContent.NoticeQuestion.consent();
      policy = ReplyPolicy.CHANGEABLE;
      deadline = deadline(draft.replyDeadline(), now, violations);
    } else {
      if (draft.consentTextVersion() != null) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID,
            "consentTextVersion",
            "only a consent request has a consent text version");
      }
      if (draft.question() != null) {
        question = question(draft.question(), today, violations);
        deadline = deadline(draft.replyDeadline(), now, violations);
        if (draft.replyPolicy() == null) {
          violations.add(
              ErrorCode.NOTICE_QUESTION_INVALID,
              "replyPolicy",
              "required with a question: once or changeable");
        } else {
          policy = ReplyPolicy.of(draft.replyPolicy()).orElse(null);
          if (policy == null) {
            violations.add(
                ErrorCode.NOTICE_QUESTION_INVALID, "replyPolicy", "must be once or changeable");
          }
        }
      } else if (draft.replyDeadline() != null || draft.replyPolicy() != null) {
        violations.add(
            ErrorCode.NOTICE_QUESTION_INVALID,
            draft.replyDeadline() != null ? "replyDeadline" : "replyPolicy",
            "only a notice with a question has a reply deadline and policy");
      }
    }
    Integer paperDays = draft.paperFollowUpAfterDays();
    if (paperDays != null && (paperDays < 1 || paperDays > MAX_PAPER_DAYS)) {
      violations.add(
          ErrorCode.NOTICE_CONTENT_INVALID,
          "paperFollowUpAfterDays",
          "between 1 and " + MAX_PAPER_DAYS + " days, or null for no paper follow-up of unread");
    }
    violations.throwIfAny();
    return new NoticeContent(
        kind,
        title,
        body,
        links,
        question,
        deadline,
        policy,
        version,
        paperDays,
        draft.audienceId());
  }

  /**
   * What must still hold when the notice is sent: the deadline lies ahead and the offered dates are
   * not past.
   */
  static void checkSendable(NoticeContent content, Instant now, LocalDate today) {
    Violations violations = new Violations();
    if (content.replyDeadline() != null && !content.replyDeadline().isAfter(now)) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID,
          "replyDeadline",
          "has passed; set a later deadline before sending");
    }
    if (content.question() != null) {
      for (int i = 0; i < content.question().dates().size(); i++) {
        if (content.question().dates().get(i).isBefore(today)) {
          violations.add(
              ErrorCode.NOTICE_QUESTION_INVALID,
              "question.dates[" + i + "]",
              "is past; offer only dates from today on");
        }
      }
    }
    violations.throwIfAny();
  }

  private static Map<String, String> texts(
      Map<String, String> given, String field, int max, Violations violations) {
    if (given == null || given.get("ja") == null || given.get("ja").isBlank()) {
      violations.add(ErrorCode.NOTICE_CONTENT_INVALID, field + ".ja", "required (Japanese)");
    }
    Map<String, String> texts = new LinkedHashMap<>();
    if (given == null) {
      return texts;
    }
    for (String language : new TreeSet<>(given.keySet())) {
      String text = given.get(language);
      if (!LANGUAGE.matcher(language).matches()) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID,
            field + "." + language,
            "not a language (a two- or three-letter lower-case code such as ja or en)");
      } else if (text == null || text.isBlank()) {
        if (!language.equals("ja")) {
          violations.add(ErrorCode.NOTICE_CONTENT_INVALID, field + "." + language, "blank");
        }
      } else if (text.length() > max) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID,
            field + "." + language,
            "at most " + max + " characters");
      } else {
        texts.put(language, text.strip());
      }
    }
    return texts;
  }

  private static List<NoticeContent.Link> links(
      List<NoticeBodies.Link> given, Violations violations) {
    List<NoticeContent.Link> links = new ArrayList<>();
    if (given == null) {
      return links;
    }
    if (given.size() > MAX_LINKS) {
      violations.add(ErrorCode.NOTICE_CONTENT_INVALID, "links", "at most " + MAX_LINKS);
      return links;
    }
    for (int i = 0; i < given.size(); i++) {
      String at = "links[" + i + "]";
      NoticeBodies.Link link = given.get(i);
      if (link == null) {
        violations.add(ErrorCode.NOTICE_CONTENT_INVALID, at, "required");
        continue;
      }
      if (link.title() == null || link.title().isBlank()) {
        violations.add(ErrorCode.NOTICE_CONTENT_INVALID, at + ".title", "required");
      } else if (link.title().length() > MAX_LINK_TITLE) {
        violations.add(
            ErrorCode.NOTICE_CONTENT_INVALID,
            at + ".title",
            "at most " + MAX_LINK_TITLE + " characters");
      }
      String url = link.url() == null ? null : link.url().strip();
      if (!isHttps(url)) {
        violations.add(
            ErrorCode.NOTICE_LINK_NOT_HTTPS,
            at + ".url",
            "must be an absolute https URL of at most " + MAX_URL + " characters");
      } else if (link.title() != null && !link.title().isBlank()) {
        links.add(new NoticeContent.Link(link.title().strip(), url));
      }
    }
    return links;
  }

  /** An absolute https URL with a host and no user name or password in it. */
  static boolean isHttps(String url) {
    if (url == null || url.isEmpty() || url.length() > MAX_URL) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return uri.isAbsolute()
          && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getHost() != null
          && !uri.getHost().isEmpty()
          && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static NoticeContent.NoticeQuestion question(
      NoticeBodies.QuestionDraft given, LocalDate today, Violations violations) {
    QuestionType type = given.type() == null ? null : QuestionType.of(given.type()).orElse(null);
    if (type == null) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID,
          "question.type",
          "required: single_choice, multiple_choice, date_choice or free_text");
      return null;
    }
    Map<String, String> prompt = texts(given.prompt(), "question.prompt", MAX_PROMPT, violations);
    List<NoticeContent.Option> options = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    Integer maxLength = null;
    boolean choice = type == QuestionType.SINGLE_CHOICE || type == QuestionType.MULTIPLE_CHOICE;
    if (choice) {
      options = options(given.options(), violations);
    } else if (given.options() != null && !given.options().isEmpty()) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID,
          "question.options",
          "only a choice question has options");
    }
    if (type == QuestionType.DATE_CHOICE) {
      dates = dates(given.dates(), today, violations);
    } else if (given.dates() != null && !given.dates().isEmpty()) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID, "question.dates", "only a date choice offers dates");
    }
    if (type == QuestionType.FREE_TEXT) {
      maxLength = given.maxLength();
      if (maxLength == null || maxLength < 1 || maxLength > MAX_FREE_TEXT) {
        violations.add(
            ErrorCode.NOTICE_QUESTION_INVALID,
            "question.maxLength",
            "required for free text: 1 to " + MAX_FREE_TEXT + " characters");
      }
    } else if (given.maxLength() != null) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID,
          "question.maxLength",
          "only a free-text question has a maximum length");
    }
    return new NoticeContent.NoticeQuestion(type, prompt, options, dates, maxLength);
  }

  private static List<NoticeContent.Option> options(
      List<NoticeBodies.OptionDraft> given, Violations violations) {
    List<NoticeContent.Option> options = new ArrayList<>();
    if (given == null || given.size() < 2) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID, "question.options", "at least two choices to offer");
      return options;
    }
    if (given.size() > MAX_OPTIONS) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID, "question.options", "at most " + MAX_OPTIONS);
      return options;
    }
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String at = "question.options[" + i + "]";
      NoticeBodies.OptionDraft option = given.get(i);
      if (option == null) {
        violations.add(ErrorCode.NOTICE_QUESTION_INVALID, at, "required");
        continue;
      }
      if (option.code() == null || !CODE.matcher(option.code()).matches()) {
        violations.add(
            ErrorCode.NOTICE_QUESTION_INVALID,
            at + ".code",
            "1 to 40 letters, digits, hyphens or underscores");
      } else if (!codes.add(option.code())) {
        violations.add(ErrorCode.NOTICE_QUESTION_INVALID, at + ".code", "used twice");
      }
      Map<String, String> label =
          texts(option.label(), at + ".label", MAX_OPTION_LABEL, violations);
      if (option.code() != null) {
        options.add(new NoticeContent.Option(option.code(), label));
      }
    }
    return options;
  }

  private static List<LocalDate> dates(List<String> given, LocalDate today, Violations violations) {
    List<LocalDate> dates = new ArrayList<>();
    if (given == null || given.isEmpty()) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID, "question.dates", "at least one date to offer");
      return dates;
    }
    if (given.size() > MAX_DATES) {
      violations.add(ErrorCode.NOTICE_QUESTION_INVALID, "question.dates", "at most " + MAX_DATES);
      return dates;
    }
    Set<LocalDate> seen = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String at = "question.dates[" + i + "]";
      LocalDate date;
      try {
        date = LocalDate.parse(given.get(i) == null ? "" : given.get(i));
      } catch (DateTimeParseException e) {
        violations.add(ErrorCode.NOTICE_QUESTION_INVALID, at, "not a date (YYYY-MM-DD)");
        continue;
      }
      if (date.isBefore(today)) {
        violations.add(ErrorCode.NOTICE_QUESTION_INVALID, at, "is past");
      } else if (!seen.add(date)) {
        violations.add(ErrorCode.NOTICE_QUESTION_INVALID, at, "offered twice");
      } else {
        dates.add(date);
      }
    }
    dates.sort(null);
    return dates;
  }

  private static Instant deadline(String given, Instant now, Violations violations) {
    if (given == null) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID,
          "replyDeadline",
          "required with a question: the last moment a reply is accepted");
      return null;
    }
    Instant deadline;
    try {
      if (!RFC_3339.matcher(given).matches()) {
        throw new DateTimeParseException("not RFC 3339", given, 0);
      }
      deadline = OffsetDateTime.parse(given).toInstant();
    } catch (DateTimeParseException e) {
      violations.add(
          ErrorCode.NOTICE_QUESTION_INVALID,
          "replyDeadline",
          "not a date-time with offset (2026-05-31T23:59:59+09:00)");
      return null;
    }
    if (!deadline.isAfter(now)) {
      violations.add(ErrorCode.NOTICE_QUESTION_INVALID, "replyDeadline", "has passed");
    }
    return deadline;
  }
}
