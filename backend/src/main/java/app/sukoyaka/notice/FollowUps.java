package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What staff see of a sent notice: how many it reached online and on paper, read and replied, the
 * replies per choice, the recipients by state, and the paper follow-up list (recipients without
 * online-delivery consent, and those still unread the notice's number of days after it arrived).
 * Lists of recipients are personal data: each recipient listed is written to the access log.
 */
@Singleton
class FollowUps {
  private final JdbcOperations jdbc;
  private final Notices notices;
  private final AccessLog accessLog;
  private final Clock clock;

  FollowUps(JdbcOperations jdbc, Notices notices, AccessLog accessLog, Clock clock) {
    this.jdbc = jdbc;
    this.notices = notices;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** Which recipients a list shows. */
  enum State {
    ALL("all", "TRUE"),
    ONLINE("online", "d.channel = 'online'"),
    PAPER("paper", "d.channel = 'paper'"),
    READ("read", "d.read_at IS NOT NULL"),
    UNREAD("unread", "d.channel = 'online' AND d.read_at IS NULL"),
    REPLIED("replied", "r.id IS NOT NULL"),
    NOT_REPLIED("not_replied", "d.channel = 'online' AND r.id IS NULL"),
    PAPER_FOLLOW_UP(
        "paper_follow_up",
        "(d.channel = 'paper' OR (? AND d.channel = 'online' AND d.read_at IS NULL))");

    private final String code;
    private final String condition;

    State(String code, String condition) {
      this.code = code;
      this.condition = condition;
    }

    static Optional<State> of(String code) {
      for (State state : values()) {
        if (state.code.equals(code)) {
          return Optional.of(state);
        }
      }
      return Optional.empty();
    }
  }

  /** The counts of a sent notice. */
  record Summary(
      StoredNotice notice,
      int total,
      int online,
      int paper,
      int read,
      int unread,
      int replied,
      int paperFollowUp,
      Map<String, Integer> choiceCounts,
      Map<LocalDate, Integer> dateCounts) {}

  /** One recipient with their delivery's state and current reply. */
  record Recipient(
      UUID personId,
      UUID municipalityId,
      String name,
      String nameKana,
      String areaCode,
      String areaName,
      List<String> handbookNumbers,
      String channel,
      Instant arrivedAt,
      Instant readAt,
      Inbox.Reply reply) {}

  record Page(List<Recipient> items, long total) {}

  /** Why a recipient is on the paper list. */
  enum PaperReason {
    NO_CONSENT("no_consent"),
    UNREAD("unread");

    final String code;

    PaperReason(String code) {
      this.code = code;
    }
  }

  record PaperEntry(Recipient recipient, PaperReason reason) {}

  record PaperList(StoredNotice notice, Instant asOf, List<PaperEntry> entries) {}

  Summary summary(Principal principal, UUID noticeId) {
    StoredNotice notice = sent(principal, noticeId, "read-notice-follow-up");
    return summary(notice);
  }

  @Transactional(readOnly = true)
  public Summary summary(StoredNotice notice) {
    boolean unreadDue = unreadDue(notice);
    int[] counts =
        jdbc.prepareStatement(
            "SELECT count(*), count(*) FILTER (WHERE channel = 'online'),"
                + " count(*) FILTER (WHERE channel = 'paper'),"
                + " count(*) FILTER (WHERE read_at IS NOT NULL),"
                + " count(*) FILTER (WHERE channel = 'online' AND read_at IS NULL),"
                + " (SELECT count(*) FROM notice_reply r WHERE r.notice_id = ?"
                + " AND r.superseded_at IS NULL) FROM notice_delivery WHERE notice_id = ?",
            statement -> {
              statement.setObject(1, notice.id());
              statement.setObject(2, notice.id());
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                int[] values = new int[6];
                for (int i = 0; i < values.length; i++) {
                  values[i] = rs.getInt(i + 1);
                }
                return values;
              }
            });
    Map<String, Integer> choices = new LinkedHashMap<>();
    Map<LocalDate, Integer> dates = new LinkedHashMap<>();
    NoticeContent.NoticeQuestion question = notice.content().question();
    if (question != null) {
      question.options().forEach(option -> choices.put(option.code(), 0));
      question.dates().forEach(date -> dates.put(date, 0));
      jdbc.prepareStatement(
          "SELECT c.code, count(*) FROM notice_reply r, unnest(r.choices) AS c(code)"
              + " WHERE r.notice_id = ? AND r.superseded_at IS NULL GROUP BY c.code",
          statement -> {
            statement.setObject(1, notice.id());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                choices.put(rs.getString(1), rs.getInt(2));
              }
            }
            return null;
          });
      jdbc.prepareStatement(
          "SELECT date_answer, count(*) FROM notice_reply WHERE notice_id = ?"
              + " AND superseded_at IS NULL AND date_answer IS NOT NULL GROUP BY date_answer",
          statement -> {
            statement.setObject(1, notice.id());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                dates.put(rs.getDate(1).toLocalDate(), rs.getInt(2));
              }
            }
            return null;
          });
    }
    return new Summary(
        notice,
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        counts[5],
        counts[2] + (unreadDue ? counts[4] : 0),
        choices,
        dates);
  }

  Page recipients(Principal principal, UUID noticeId, State state, int page, int size) {
    StoredNotice notice = sent(principal, noticeId, "list-notice-recipients");
    List<Recipient> items = list(notice, state, page, size);
    long total = total(notice, state);
    accessLog.accessAll(principal, subjects(items), "list-notice-recipients", "notices");
    return new Page(items, total);
  }

  PaperList paperList(Principal principal, UUID noticeId) {
    StoredNotice notice = sent(principal, noticeId, "read-paper-follow-up-list");
    List<Recipient> recipients = list(notice, State.PAPER_FOLLOW_UP, 1, Integer.MAX_VALUE);
    List<PaperEntry> entries = new ArrayList<>();
    for (Recipient recipient : recipients) {
      entries.add(
          new PaperEntry(
              recipient,
              "paper".equals(recipient.channel()) ? PaperReason.NO_CONSENT : PaperReason.UNREAD));
    }
    accessLog.accessAll(principal, subjects(recipients), "read-paper-follow-up-list", "notices");
    return new PaperList(notice, clock.instant(), entries);
  }

  private static List<ProtectedSubject> subjects(List<Recipient> recipients) {
    return recipients.stream()
        .map(r -> NoticeSubjects.person(r.personId(), r.municipalityId(), null))
        .toList();
  }

  /** Whether the notice's days for paper follow-up of unread recipients have passed. */
  boolean unreadDue(StoredNotice notice) {
    Integer days = notice.content().paperAfterDays();
    return days != null && !clock.instant().isBefore(notice.sentAt().plus(Duration.ofDays(days)));
  }

  private static final String FROM =
      " FROM notice_delivery d JOIN person pe ON pe.id = d.person_id"
          + " LEFT JOIN municipal_area a ON a.municipality_id = pe.municipality_id"
          + " AND a.code = pe.area_code"
          + " LEFT JOIN notice_reply r ON r.notice_id = d.notice_id AND r.person_id = d.person_id"
          + " AND r.superseded_at IS NULL WHERE d.notice_id = ? AND ";

  @Transactional(readOnly = true)
  public List<Recipient> list(StoredNotice notice, State state, int page, int size) {
    boolean due = unreadDue(notice);
    return jdbc.prepareStatement(
        "SELECT d.person_id, pe.municipality_id, pe.family_name || ' ' || pe.given_name,"
            + " NULLIF(concat_ws(' ', pe.family_name_kana, pe.given_name_kana), ''),"
            + " pe.area_code, a.name_ja,"
            + " ARRAY(SELECT c.handbook_number FROM child c WHERE c.id = ANY (d.child_ids)"
            + " AND c.handbook_number IS NOT NULL UNION SELECT p.handbook_number FROM pregnancy p"
            + " WHERE p.id = ANY (d.pregnancy_ids) ORDER BY 1),"
            + " d.channel, d.read_at, r.choices, r.date_answer, r.text_answer, r.answered_at"
            + FROM
            + state.condition
            + " ORDER BY pe.area_code NULLS LAST, pe.family_name_kana NULLS LAST,"
            + " pe.given_name_kana NULLS LAST, d.person_id LIMIT ? OFFSET ?",
        statement -> {
          int i = 1;
          statement.setObject(i++, notice.id());
          if (state == State.PAPER_FOLLOW_UP) {
            statement.setBoolean(i++, due);
          }
          statement.setInt(i++, size);
          statement.setLong(i, (long) (page - 1) * size);
          List<Recipient> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              Array numbers = rs.getArray(7);
              String channel = rs.getString(8);
              found.add(
                  new Recipient(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      Arrays.asList((String[]) numbers.getArray()),
                      channel,
                      "online".equals(channel) ? notice.sentAt() : null,
                      rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                      rs.getTimestamp(13) == null ? null : Inbox.reply(rs, 10)));
            }
          }
          return found;
        });
  }

  @Transactional(readOnly = true)
  public long total(StoredNotice notice, State state) {
    boolean due = unreadDue(notice);
    return jdbc.prepareStatement(
        "SELECT count(*)" + FROM + state.condition,
        statement -> {
          statement.setObject(1, notice.id());
          if (state == State.PAPER_FOLLOW_UP) {
            statement.setBoolean(2, due);
          }
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private StoredNotice sent(Principal principal, UUID noticeId, String what) {
    StoredNotice notice = notices.notice(principal, noticeId, AccessPolicy.Action.READ, what);
    if (!notice.sent()) {
      throw new ProblemException(
          ErrorCode.NOTICE_NOT_SENT,
          "This notice is a draft; it has no recipients to follow up yet.");
    }
    return notice;
  }
}
