package app.sukoyaka.checkup.handbook;

import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The clinics' records in the timeline: checkups of every kind, screenings, the delivery (in the
 * pregnancy's handbook, and in each newborn's as its birth) and postpartum care. One statement for
 * the page of every handbook asked for, with the guided judgements of each record; one more for the
 * children's follow-ups.
 */
@Singleton
class CheckupTimeline implements TimelineSource {
  static final String KEY_PREFIX = "checkup:";

  // Each handbook's records after the position, newest first, at most the limit per handbook. A
  // child's own visits, and the encounters of its mother (the delivery) that recorded it.
  private static final String PAGE =
      "WITH page AS (SELECT x.* FROM (SELECT r.*, row_number() OVER (PARTITION BY r.subject_id"
          + " ORDER BY r.visit_date DESC, r.key COLLATE \"C\" DESC) AS n FROM ("
          + " SELECT 'child' AS subject_type, e.child_id AS subject_id, e.id, e.kind, e.kind_name,"
          + " e.visit_date, 'checkup:' || e.id AS key, e.source FROM checkup_encounter e"
          + " WHERE e.child_id = ANY (?)"
          + " UNION SELECT 'child', f.child_id, e.id, e.kind, e.kind_name, e.visit_date,"
          + " 'checkup:' || e.id, e.source FROM checkup_finding f JOIN checkup_encounter e"
          + " ON e.id = f.encounter_id WHERE f.child_id = ANY (?) AND e.child_id IS NULL"
          + " AND f.status <> 'entered-in-error'"
          + " UNION ALL SELECT 'pregnancy', e.pregnancy_id, e.id, e.kind, e.kind_name,"
          + " e.visit_date, 'checkup:' || e.id, e.source FROM checkup_encounter e"
          + " WHERE e.pregnancy_id = ANY (?)) r"
          + " WHERE CAST(? AS date) IS NULL OR r.visit_date < ? OR (r.visit_date = ?"
          + " AND r.key COLLATE \"C\" < CAST(? AS text) COLLATE \"C\")) x WHERE x.n <= ?)"
          + " SELECT p.subject_type, p.subject_id, p.id, p.kind, p.kind_name, p.visit_date,"
          + " p.key, ARRAY(SELECT f.item_code || ' ' || f.code_value FROM checkup_finding f"
          + " WHERE f.encounter_id = p.id AND f.value_type = 'coded'"
          + " AND f.status <> 'entered-in-error' AND f.item_code = ANY (?)"
          + " AND (f.child_id IS NULL OR f.child_id = p.subject_id) ORDER BY f.item_code),"
          + " p.source FROM page p";

  private final JdbcOperations jdbc;
  private final CheckupItemCatalog catalog;
  private final Judgements judgements;
  private final FollowUpTracker followUps;

  CheckupTimeline(
      JdbcOperations jdbc,
      CheckupItemCatalog catalog,
      Judgements judgements,
      FollowUpTracker followUps) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.judgements = judgements;
    this.followUps = followUps;
  }

  /** A row of the page as read. */
  private record Row(
      String subjectType,
      UUID subjectId,
      UUID id,
      String kind,
      String kindName,
      LocalDate visitDate,
      String key,
      List<Judgements.Coded> coded,
      String source) {}

  @Override
  @Transactional(readOnly = true)
  public List<TimelineEntry> entries(
      List<HandbookSubject> subjects, Role reader, TimelinePosition after, int limit) {
    if (subjects.isEmpty()) {
      return List.of();
    }
    Map<UUID, HandbookSubject> byId = new HashMap<>();
    List<UUID> children = new ArrayList<>();
    List<UUID> pregnancies = new ArrayList<>();
    for (HandbookSubject subject : subjects) {
      byId.put(subject.id(), subject);
      (subject.isChild() ? children : pregnancies).add(subject.id());
    }
    List<Row> rows =
        jdbc.prepareStatement(
            PAGE,
            statement -> {
              bind(statement, children, pregnancies, after, limit);
              List<Row> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(row(rs));
                }
              }
              return found;
            });
    boolean anyChildRecord = rows.stream().anyMatch(r -> r.subjectType().equals("child"));
    Map<UUID, FollowUpTracker.FollowUp> open =
        anyChildRecord ? followUps.ofChildren(children) : Map.of();
    List<TimelineEntry> entries = new ArrayList<>();
    for (Row row : rows) {
      HandbookSubject subject = byId.get(row.subjectId());
      FollowUpTracker.FollowUp followUp = subject.isChild() ? open.get(row.id()) : null;
      entries.add(
          new TimelineEntry(
              subject.type(),
              subject.id(),
              judgements.texts().recordKindOf(row.kind()).orElse("checkup"),
              row.kind(),
              row.visitDate(),
              row.key(),
              title(row.kind(), row.kindName()),
              judgements.summary(row.coded()).orElse(null),
              // Who recorded it: a clinic's submission, or the municipality's own registration.
              // My Portal's records are the municipalities' registrations, as for vaccinations.
              "clinic".equals(row.source()) ? "clinic" : "municipality",
              followUp == null ? null : followUp.open() ? "open" : "closed",
              subject.path() + "/checkups/" + row.id()));
    }
    entries.sort(
        java.util.Comparator.comparing(TimelineEntry::position, TimelinePosition.NEWEST_FIRST));
    return entries;
  }

  /** A municipality's own checkup is called by its name; the others by the catalog's label. */
  HandbookTexts.Text title(String kind, String kindName) {
    if (kindName != null && !kindName.isBlank()) {
      return new HandbookTexts.Text(kindName, kindName);
    }
    return Judgements.text(catalog.kindLabel(kind));
  }

  private void bind(
      PreparedStatement statement,
      List<UUID> children,
      List<UUID> pregnancies,
      TimelinePosition after,
      int limit)
      throws SQLException {
    var connection = statement.getConnection();
    statement.setArray(1, connection.createArrayOf("uuid", children.toArray()));
    statement.setArray(2, connection.createArrayOf("uuid", children.toArray()));
    statement.setArray(3, connection.createArrayOf("uuid", pregnancies.toArray()));
    for (int i : new int[] {4, 5, 6}) {
      if (after == null) {
        statement.setNull(i, Types.DATE);
      } else {
        statement.setDate(i, Date.valueOf(after.date()));
      }
    }
    statement.setString(7, after == null ? null : after.key());
    statement.setInt(8, limit);
    statement.setArray(
        9, connection.createArrayOf("text", judgements.guidedItems().toArray(new String[0])));
  }

  private static Row row(ResultSet rs) throws SQLException {
    List<Judgements.Coded> coded = new ArrayList<>();
    for (String pair : (String[]) rs.getArray(8).getArray()) {
      int space = pair.indexOf(' ');
      coded.add(new Judgements.Coded(pair.substring(0, space), pair.substring(space + 1)));
    }
    return new Row(
        rs.getString(1),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getObject(6, LocalDate.class),
        rs.getString(7),
        coded,
        rs.getString(9));
  }
}
