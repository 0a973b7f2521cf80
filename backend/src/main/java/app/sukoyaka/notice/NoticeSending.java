package app.sukoyaka.notice;

import app.sukoyaka.mobile.DeepLinks;
import app.sukoyaka.notice.push.PushKind;
import app.sukoyaka.notice.push.PushOutbox;
import app.sukoyaka.notice.push.PushRequest;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.i18n.ServerTexts;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Counts an audience and sends a notice to it. Sending is one transaction: the deliveries (one row
 * per recipient, by one INSERT … SELECT over the audience), the queued pushes of the online ones
 * (through {@link PushOutbox}) and the notice marked sent commit together or not at all.
 */
@Singleton
class NoticeSending {
  /** Pushes queued per batch: bounds the memory of a send to 100,000 guardians. */
  static final int PUSH_BATCH = 5_000;

  /** The push's body: generic, the title says what the notice is about. */
  static final Map<String, String> PUSH_BODY =
      Map.of(
          "ja", ServerTexts.get().text("notice.push.body").ja(),
          "en", ServerTexts.get().text("notice.push.body").en());

  private final JdbcOperations jdbc;
  private final NoticeStore store;
  private final PushOutbox outbox;
  private final AccessLog accessLog;
  private final Clock clock;
  private final CheckupAges checkupAges;

  NoticeSending(
      JdbcOperations jdbc,
      NoticeStore store,
      PushOutbox outbox,
      AccessLog accessLog,
      Clock clock,
      CheckupAges checkupAges) {
    this.jdbc = jdbc;
    this.store = store;
    this.outbox = outbox;
    this.accessLog = accessLog;
    this.clock = clock;
    this.checkupAges = checkupAges;
  }

  /** How many an audience reaches, and how. */
  record Counts(int total, int online, int paper) {}

  @Transactional(readOnly = true)
  public Counts count(
      UUID municipalityId,
      AudienceQuery query,
      Collection<UUID> vaccineChildIds,
      NoticeKind kind,
      LocalDate today) {
    AudienceSql.Compiled compiled =
        AudienceSql.deliveries(
            municipalityId,
            today,
            query,
            vaccineChildIds,
            checkupAges,
            kind == NoticeKind.CONSENT_REQUEST);
    return jdbc.prepareStatement(
        compiled.sql()
            + "SELECT count(*), count(*) FILTER (WHERE channel = 'online'),"
            + " count(*) FILTER (WHERE channel = 'paper') FROM deliveries",
        statement -> {
          SqlParameters.bind(statement, compiled.parameters());
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3));
          }
        });
  }

  /**
   * Sends the draft: materialises a delivery per recipient, queues a push for each online one, and
   * marks the notice sent by {@code principal} at the instant of its last write, the notice's
   * arrival. Refuses (and stores nothing) when it was sent meanwhile or nobody matches.
   *
   * @param audienceId the audience the caller read {@code query} from
   * @param query the audience's query as it was read for the vaccine criterion
   */
  @Transactional
  public Counts send(
      Principal principal,
      UUID noticeId,
      UUID audienceId,
      AudienceQuery query,
      Collection<UUID> vaccineChildIds,
      LocalDate today) {
    store.lockDraft(noticeId);
    // Read again under the lock: what is sent is the draft as it stands now.
    StoredNotice notice = store.find(noticeId).orElseThrow();
    if (!audienceId.equals(notice.content().audienceId())) {
      throw new ProblemException(
          ErrorCode.NOTICE_NO_AUDIENCE,
          "The notice's audience was changed while it was being sent; nothing was sent, send"
              + " again.");
    }
    NoticeDrafts.checkSendable(notice.content(), clock.instant(), today);
    UUID municipalityId = notice.municipalityId();
    AudienceSql.Compiled compiled =
        AudienceSql.deliveries(
            municipalityId,
            today,
            query,
            vaccineChildIds,
            checkupAges,
            notice.content().kind() == NoticeKind.CONSENT_REQUEST);
    int total =
        jdbc.prepareStatement(
            compiled.sql()
                + "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel,"
                + " child_ids, pregnancy_ids) SELECT ?, person_id, ?, channel, child_ids,"
                + " pregnancy_ids FROM deliveries",
            statement -> {
              List<Object> parameters = new ArrayList<>(compiled.parameters());
              parameters.add(notice.id());
              parameters.add(municipalityId);
              SqlParameters.bind(statement, parameters);
              return statement.executeUpdate();
            });
    if (total == 0) {
      throw new ProblemException(
          ErrorCode.NOTICE_NO_RECIPIENTS,
          "Nobody in your municipality matches this notice's audience today; nothing was sent.");
    }
    int online = queuePushes(notice);
    jdbc.prepareStatement(
        "UPDATE notice SET status = 'sent', sent_by = ?, sent_at = ?, online_count = ?,"
            + " paper_count = ?, audience_query = ?::jsonb WHERE id = ?",
        statement -> {
          statement.setString(1, principal.subject());
          // Read last, just before the commit that makes every delivery readable at once.
          statement.setTimestamp(2, Timestamp.from(clock.instant()));
          statement.setInt(3, online);
          statement.setInt(4, total - online);
          statement.setString(5, NoticeJson.query(AudienceQueries.body(query)));
          statement.setObject(6, notice.id());
          return statement.executeUpdate();
        });
    accessLog.write(
        principal, NoticeSubjects.notice(notice.id(), municipalityId), "send-notice", "notices");
    return new Counts(total, online, total - online);
  }

  /** Queues the pushes of the online deliveries, a batch at a time; answers how many there are. */
  private int queuePushes(StoredNotice notice) {
    String deepLink = DeepLinks.load().build("notice", Map.of("noticeId", notice.id().toString()));
    Map<String, String> data = Map.of("noticeId", notice.id().toString());
    // Read first, then queued: the outbox writes on the same connection.
    List<UUID> recipients =
        jdbc.prepareStatement(
            "SELECT person_id FROM notice_delivery WHERE notice_id = ? AND channel = 'online'",
            statement -> {
              statement.setObject(1, notice.id());
              List<UUID> ids = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  ids.add(rs.getObject(1, UUID.class));
                }
              }
              return ids;
            });
    List<PushRequest> batch = new ArrayList<>(Math.min(PUSH_BATCH, recipients.size()));
    for (UUID personId : recipients) {
      batch.add(
          new PushRequest(
              personId,
              notice.municipalityId(),
              PushKind.NOTICE,
              notice.id(),
              notice.content().title(),
              PUSH_BODY,
              deepLink,
              data));
      if (batch.size() == PUSH_BATCH) {
        outbox.enqueueAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      outbox.enqueueAll(batch);
    }
    return recipients.size();
  }
}
