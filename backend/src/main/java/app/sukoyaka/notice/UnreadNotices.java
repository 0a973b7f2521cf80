package app.sukoyaka.notice;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the handbook's home shows of a guardian's inbox: how many notices delivered online are
 * unread, and the newest of them. One statement. The caller has checked that the person is the
 * signed-in guardian; reading the notices themselves stays with the inbox.
 */
@Singleton
public class UnreadNotices {
  private final JdbcOperations jdbc;

  UnreadNotices(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** An unread notice as a line of the home. */
  public record Unread(UUID noticeId, String kind, Map<String, String> title, Instant arrivedAt) {}

  public record Summary(long unread, List<Unread> latest) {}

  /** The person's unread count and at most {@code latest} of the newest unread notices. */
  @Transactional(readOnly = true)
  public Summary of(UUID personId, int latest) {
    return jdbc.prepareStatement(
        "SELECT n.id, n.kind, n.title::text, n.sent_at, count(*) OVER ()"
            + " FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
            + " WHERE d.person_id = ? AND d.channel = 'online' AND d.read_at IS NULL"
            + " ORDER BY n.sent_at DESC, n.id DESC LIMIT ?",
        statement -> {
          statement.setObject(1, personId);
          statement.setInt(2, latest);
          List<Unread> found = new ArrayList<>();
          long total = 0;
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(
                  new Unread(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      NoticeJson.texts(rs.getString(3)),
                      rs.getTimestamp(4).toInstant()));
              total = rs.getLong(5);
            }
          }
          // LIMIT 0 reads no row to count with; the home always asks for at least one.
          return new Summary(total, found);
        });
  }
}
