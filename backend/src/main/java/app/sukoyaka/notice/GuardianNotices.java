package app.sukoyaka.notice;

import app.sukoyaka.mobile.DeepLinks;
import app.sukoyaka.notice.push.PushKind;
import app.sukoyaka.notice.push.PushOutbox;
import app.sukoyaka.notice.push.PushRequest;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A notice the municipality sends to the guardians of one child, outside any saved audience: the
 * notice that one of the child's records was corrected. It is an official notice like any other: in
 * the inbox with a push for a guardian who consented to online delivery, on the paper list for one
 * who did not (the municipality then tells them on paper), listed among the municipality's sent
 * notices with its read receipts.
 */
@Singleton
public class GuardianNotices {
  private final JdbcOperations jdbc;
  private final NoticeStore store;
  private final PushOutbox outbox;
  private final Clock clock;

  GuardianNotices(JdbcOperations jdbc, NoticeStore store, PushOutbox outbox, Clock clock) {
    this.jdbc = jdbc;
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** A notice sent: how many guardians it reached online and on paper. */
  public record Sent(UUID noticeId, int online, int paper) {}

  /**
   * Sends the notice to the child's guardians, in the caller's transaction: the notice, its
   * deliveries and the pushes commit with whatever the caller stores.
   *
   * @param title the title by language (Japanese always)
   * @param body the text by language (Japanese always)
   * @param sentBy the staff member's login subject
   * @return empty when the child has no guardian on record (nothing is sent)
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Optional<Sent> sendToGuardians(
      UUID municipalityId,
      UUID childId,
      Map<String, String> title,
      Map<String, String> body,
      String sentBy) {
    if (!title.containsKey("ja") || !body.containsKey("ja")) {
      throw new IllegalArgumentException("A notice is written in Japanese first");
    }
    boolean any =
        jdbc.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM guardianship WHERE child_id = ?)",
            statement -> {
              statement.setObject(1, childId);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
              }
            });
    if (!any) {
      return Optional.empty();
    }
    NoticeContent content =
        new NoticeContent(
            NoticeKind.OFFICIAL, title, body, List.of(), null, null, null, null, null, null);
    StoredNotice notice = store.create(municipalityId, content, sentBy);
    jdbc.prepareStatement(
        "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel, child_ids)"
            + " SELECT ?, g.person_id, ?, CASE WHEN (SELECT decision FROM online_delivery_consent c"
            + " WHERE c.person_id = g.person_id AND c.municipality_id = ?"
            + " ORDER BY c.decided_at DESC, c.id DESC LIMIT 1) = 'granted' THEN 'online'"
            + " ELSE 'paper' END, ARRAY[g.child_id] FROM guardianship g WHERE g.child_id = ?",
        statement -> {
          statement.setObject(1, notice.id());
          statement.setObject(2, municipalityId);
          statement.setObject(3, municipalityId);
          statement.setObject(4, childId);
          return statement.executeUpdate();
        });
    // Each recipient with the municipality they belong to, as a push names it.
    List<UUID[]> online =
        jdbc.prepareStatement(
            "SELECT d.person_id, p.municipality_id FROM notice_delivery d"
                + " JOIN person p ON p.id = d.person_id"
                + " WHERE d.notice_id = ? AND d.channel = 'online'",
            statement -> {
              statement.setObject(1, notice.id());
              List<UUID[]> ids = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  ids.add(new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
                }
              }
              return ids;
            });
    int total =
        jdbc.prepareStatement(
            "SELECT count(*) FROM notice_delivery WHERE notice_id = ?",
            statement -> {
              statement.setObject(1, notice.id());
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
              }
            });
    String deepLink = DeepLinks.load().build("notice", Map.of("noticeId", notice.id().toString()));
    List<PushRequest> pushes = new ArrayList<>();
    for (UUID[] person : online) {
      pushes.add(
          new PushRequest(
              person[0],
              person[1],
              PushKind.NOTICE,
              notice.id(),
              title,
              NoticeSending.PUSH_BODY,
              deepLink,
              Map.of("noticeId", notice.id().toString())));
    }
    if (!pushes.isEmpty()) {
      outbox.enqueueAll(pushes);
    }
    jdbc.prepareStatement(
        "UPDATE notice SET status = 'sent', sent_by = ?, sent_at = ?, online_count = ?,"
            + " paper_count = ? WHERE id = ?",
        statement -> {
          statement.setString(1, sentBy);
          statement.setTimestamp(2, Timestamp.from(clock.instant()));
          statement.setInt(3, online.size());
          statement.setInt(4, total - online.size());
          statement.setObject(5, notice.id());
          return statement.executeUpdate();
        });
    return Optional.of(new Sent(notice.id(), online.size(), total - online.size()));
  }
}
