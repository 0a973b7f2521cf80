package app.sukoyaka.phr;

import app.sukoyaka.fhir.FamilyEntryResources;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The notices a guardian received (online or on paper), with their replies, for the download of all
 * their data as FHIR Communications; the CSV file {@code notices.csv} lists the same.
 */
@Singleton
class ReceivedNotices {
  private final JdbcOperations jdbc;

  ReceivedNotices(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** Every notice delivered to the person, oldest first, each with every reply. */
  @Transactional(readOnly = true)
  List<FamilyEntryResources.ReceivedNotice> of(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT d.notice_id, m.name_ja, n.kind, n.title ->> 'ja', n.body ->> 'ja', d.channel,"
            + " n.sent_at, d.read_at, r.id, array_to_string(r.choices, ','), r.date_answer,"
            + " r.text_answer, r.answered_at, r.superseded_at"
            + " FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
            + " JOIN municipality m ON m.id = n.municipality_id"
            + " LEFT JOIN notice_reply r ON r.notice_id = d.notice_id"
            + " AND r.person_id = d.person_id WHERE d.person_id = ?"
            + " ORDER BY n.sent_at, d.notice_id, r.answered_at",
        statement -> {
          statement.setObject(1, personId);
          Map<UUID, FamilyEntryResources.ReceivedNotice> notices = new LinkedHashMap<>();
          Map<UUID, List<FamilyEntryResources.Reply>> replies = new LinkedHashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID id = rs.getObject(1, UUID.class);
              if (!notices.containsKey(id)) {
                notices.put(
                    id,
                    new FamilyEntryResources.ReceivedNotice(
                        id,
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)),
                        List.of()));
                replies.put(id, new ArrayList<>());
              }
              UUID reply = rs.getObject(9, UUID.class);
              if (reply != null) {
                replies
                    .get(id)
                    .add(
                        new FamilyEntryResources.Reply(
                            reply,
                            rs.getString(10),
                            rs.getObject(11, LocalDate.class),
                            rs.getString(12),
                            instant(rs.getTimestamp(13)),
                            instant(rs.getTimestamp(14))));
              }
            }
          }
          List<FamilyEntryResources.ReceivedNotice> list = new ArrayList<>();
          for (FamilyEntryResources.ReceivedNotice n : notices.values()) {
            list.add(
                new FamilyEntryResources.ReceivedNotice(
                    n.noticeId(),
                    n.municipalityName(),
                    n.kind(),
                    n.titleJa(),
                    n.bodyJa(),
                    n.channel(),
                    n.sentAt(),
                    n.readAt(),
                    replies.get(n.noticeId())));
          }
          return list;
        });
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
