package app.sukoyaka.notice.reminder;

import app.sukoyaka.mobile.DeepLinks;
import app.sukoyaka.notice.push.PushKind;
import app.sukoyaka.notice.push.PushOutbox;
import app.sukoyaka.notice.push.PushRequest;
import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reminder rows and their pushes. A planned reminder becomes one row per recipient (each guardian
 * of the child, or the pregnant person) who has not switched its kind off; a row that exists
 * already for that recipient and event is not written again, and only new rows get a push.
 * Reminders of one kind, subject and recipient written together share one push. Everything happens
 * in the caller's transaction, so that the rows and their pushes commit together.
 */
@Singleton
class ReminderStore {
  static final int ROWS_PER_INSERT = 250;
  private static final String INSERT =
      "INSERT INTO reminder (id, municipality_id, person_id, subject_id, child_id, pregnancy_id,"
          + " kind, event_key, occurrence, vaccine, dose, checkup_kind, visit_number, encounter_id,"
          + " due_date, window_end, run_date, created_at, push_subject_id) VALUES ";
  private static final String VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String ON_CONFLICT =
      " ON CONFLICT (person_id, subject_id, kind, event_key, occurrence) DO NOTHING RETURNING id";

  private final JdbcOperations jdbc;
  private final PushOutbox outbox;
  private final ReminderRules rules;
  private final DeepLinks links = DeepLinks.load();

  ReminderStore(JdbcOperations jdbc, PushOutbox outbox, ReminderRules rules) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.rules = rules;
  }

  /** What one write did. */
  record Written(int created, int pushes) {
    static final Written NONE = new Written(0, 0);

    Written plus(Written other) {
      return new Written(created + other.created, pushes + other.pushes);
    }
  }

  /** What one resolution did. */
  record Resolved(int reminders, int pushesWithdrawn) {
    static final Resolved NONE = new Resolved(0, 0);

    Resolved plus(Resolved other) {
      return new Resolved(reminders + other.reminders, pushesWithdrawn + other.pushesWithdrawn);
    }
  }

  /** A recipient of a subject's reminders, with the kinds they switched off. */
  private record Recipient(UUID personId, UUID municipalityId, Set<String> off) {}

  /** A row about to be written. */
  private record Row(UUID id, Recipient recipient, PlannedReminder planned) {}

  // --- Writing ------------------------------------------------------------------------------

  /**
   * Writes the planned reminders for their recipients and queues the pushes of the new ones.
   *
   * @param municipalityId the municipality whose run planned them
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Written write(
      UUID municipalityId, List<PlannedReminder> planned, LocalDate runDate, Instant now) {
    if (planned.isEmpty()) {
      return Written.NONE;
    }
    Map<UUID, List<Recipient>> recipients = recipients(planned);
    List<Row> rows = new ArrayList<>();
    for (PlannedReminder reminder : planned) {
      for (Recipient recipient : recipients.getOrDefault(reminder.subjectId(), List.of())) {
        if (!recipient.off().contains(reminder.kind())) {
          rows.add(new Row(Ids.newId(), recipient, reminder));
        }
      }
    }
    Set<UUID> inserted = new HashSet<>();
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      inserted.addAll(
          insert(
              municipalityId,
              rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)),
              runDate,
              now));
    }
    // One push per recipient, subject and kind among the new rows: the first row carries it.
    Map<List<Object>, UUID> leads = new LinkedHashMap<>();
    Map<UUID, UUID> followers = new LinkedHashMap<>();
    Map<UUID, Row> leadRows = new LinkedHashMap<>();
    for (Row row : rows) {
      if (!inserted.contains(row.id())) {
        continue;
      }
      List<Object> group =
          List.of(row.recipient().personId(), row.planned().subjectId(), row.planned().kind());
      UUID lead = leads.putIfAbsent(group, row.id());
      if (lead == null) {
        leadRows.put(row.id(), row);
      } else {
        followers.put(row.id(), lead);
      }
    }
    if (!followers.isEmpty()) {
      jdbc.prepareStatement(
          "UPDATE reminder r SET push_subject_id = v.lead"
              + " FROM unnest(?::uuid[], ?::uuid[]) AS v(id, lead) WHERE r.id = v.id",
          statement -> {
            statement.setArray(1, uuids(statement.getConnection(), followers.keySet()));
            statement.setArray(2, uuids(statement.getConnection(), followers.values()));
            return statement.executeUpdate();
          });
    }
    List<PushRequest> pushes = new ArrayList<>();
    for (Row row : leadRows.values()) {
      pushes.add(push(row));
    }
    int queued = outbox.enqueueAll(pushes);
    return new Written(inserted.size(), queued);
  }

  private List<UUID> insert(UUID municipalityId, List<Row> chunk, LocalDate runDate, Instant now) {
    String sql =
        INSERT + String.join(", ", Collections.nCopies(chunk.size(), VALUES)) + ON_CONFLICT;
    return jdbc.prepareStatement(
        sql,
        statement -> {
          int p = 0;
          Timestamp created = Timestamp.from(now);
          Date run = Date.valueOf(runDate);
          for (Row row : chunk) {
            PlannedReminder r = row.planned();
            statement.setObject(++p, row.id());
            statement.setObject(++p, municipalityId);
            statement.setObject(++p, row.recipient().personId());
            statement.setObject(++p, r.subjectId());
            statement.setObject(++p, r.childId());
            statement.setObject(++p, r.pregnancyId());
            statement.setString(++p, r.kind());
            statement.setString(++p, r.eventKey());
            statement.setInt(++p, r.occurrence());
            statement.setString(++p, r.vaccine());
            statement.setString(++p, r.dose());
            statement.setString(++p, r.checkupKind());
            if (r.visitNumber() == null) {
              statement.setNull(++p, Types.SMALLINT);
            } else {
              statement.setInt(++p, r.visitNumber());
            }
            statement.setObject(++p, r.encounterId());
            statement.setDate(++p, Date.valueOf(r.dueDate()));
            statement.setDate(++p, r.windowEnd() == null ? null : Date.valueOf(r.windowEnd()));
            statement.setDate(++p, run);
            statement.setTimestamp(++p, created);
            statement.setObject(++p, row.id());
          }
          List<UUID> ids = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getObject(1, UUID.class));
            }
          }
          return ids;
        });
  }

  /** The push of a new reminder: the kind's generic text, the reminder's id and its subject's. */
  private PushRequest push(Row row) {
    PlannedReminder r = row.planned();
    ReminderRules.Kind kind = rules.latest(r.kind());
    Map<String, String> data = new LinkedHashMap<>();
    data.put("reminderId", row.id().toString());
    data.put("reminderKind", r.kind());
    if (r.childId() != null) {
      data.put("childId", r.childId().toString());
    } else {
      data.put("pregnancyId", r.pregnancyId().toString());
    }
    return new PushRequest(
        row.recipient().personId(),
        row.recipient().municipalityId(),
        PushKind.REMINDER,
        row.id(),
        kind.pushTitle().byLanguage(),
        kind.pushBody().byLanguage(),
        links.build("reminder", Map.of("reminderId", row.id().toString())),
        data);
  }

  /**
   * Each subject's recipients: the guardians of a child, the pregnant person of a pregnancy, with
   * the reminder kinds they switched off.
   */
  private Map<UUID, List<Recipient>> recipients(List<PlannedReminder> planned) {
    Set<UUID> children = new LinkedHashSet<>();
    Set<UUID> pregnancies = new LinkedHashSet<>();
    for (PlannedReminder r : planned) {
      if (r.childId() != null) {
        children.add(r.childId());
      } else {
        pregnancies.add(r.pregnancyId());
      }
    }
    Map<UUID, List<Recipient>> found = new HashMap<>();
    if (!children.isEmpty()) {
      readRecipients(
          "SELECT g.child_id, g.person_id, p.municipality_id, np.reminders_off"
              + " FROM guardianship g JOIN person p ON p.id = g.person_id"
              + " LEFT JOIN notification_preference np ON np.person_id = g.person_id"
              + " WHERE g.child_id = ANY (?) ORDER BY g.child_id, g.person_id",
          children,
          found);
    }
    if (!pregnancies.isEmpty()) {
      readRecipients(
          "SELECT pr.id, pr.person_id, p.municipality_id, np.reminders_off"
              + " FROM pregnancy pr JOIN person p ON p.id = pr.person_id"
              + " LEFT JOIN notification_preference np ON np.person_id = pr.person_id"
              + " WHERE pr.id = ANY (?)",
          pregnancies,
          found);
    }
    return found;
  }

  private void readRecipients(String sql, Set<UUID> subjects, Map<UUID, List<Recipient>> into) {
    jdbc.prepareStatement(
        sql,
        statement -> {
          statement.setArray(1, uuids(statement.getConnection(), subjects));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              Array off = rs.getArray(4);
              Set<String> kinds = off == null ? Set.of() : Set.of((String[]) off.getArray());
              into.computeIfAbsent(rs.getObject(1, UUID.class), s -> new ArrayList<>())
                  .add(
                      new Recipient(
                          rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), kinds));
            }
          }
          return null;
        });
  }

  // --- What is known already ------------------------------------------------------------------

  /** The latest reminder of an event: which one it was and the day of the run that made it. */
  record Last(int occurrence, LocalDate runDate) {}

  /**
   * The events of the municipality's children and pregnancies that were reminded of and still apply
   * on the day, each with its latest reminder: the run plans them again every day and writes only a
   * repeat that is due.
   */
  @Transactional(readOnly = true)
  public Map<PlannedReminder.Event, Last> known(UUID municipalityId, LocalDate day) {
    return jdbc.prepareStatement(
        "SELECT subject_id, kind, event_key, max(occurrence), max(run_date) FROM reminder"
            + " WHERE municipality_id = ? AND (window_end IS NULL OR window_end >= ?)"
            + " GROUP BY subject_id, kind, event_key",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setDate(2, Date.valueOf(day));
          statement.setFetchSize(10_000);
          Map<PlannedReminder.Event, Last> known = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              known.put(
                  new PlannedReminder.Event(
                      rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                  new Last(rs.getInt(4), rs.getObject(5, LocalDate.class)));
            }
          }
          return known;
        });
  }

  /** Those of the children and pregnancies that have an open reminder. */
  @Transactional(readOnly = true)
  public Set<UUID> withOpenReminders(Collection<UUID> subjects) {
    if (subjects.isEmpty()) {
      return Set.of();
    }
    return jdbc.prepareStatement(
        "SELECT DISTINCT subject_id FROM reminder WHERE subject_id = ANY (?)"
            + " AND resolved_at IS NULL",
        statement -> {
          statement.setArray(1, uuids(statement.getConnection(), subjects));
          Set<UUID> open = new HashSet<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              open.add(rs.getObject(1, UUID.class));
            }
          }
          return open;
        });
  }

  /** An open reminder of a dose. */
  record OpenDose(UUID id, String vaccine, String dose) {}

  /**
   * The open vaccine reminders of the municipality's children (or of the given children), by child.
   */
  @Transactional(readOnly = true)
  public Map<UUID, List<OpenDose>> openDoses(UUID municipalityId, Collection<UUID> children) {
    String sql =
        "SELECT child_id, id, vaccine, dose FROM reminder WHERE resolved_at IS NULL"
            + " AND kind IN ('"
            + ReminderRules.VACCINE_DUE
            + "', '"
            + ReminderRules.VACCINE_OVERDUE
            + "') AND "
            + (children == null ? "municipality_id = ?" : "subject_id = ANY (?)");
    return jdbc.prepareStatement(
        sql,
        statement -> {
          if (children == null) {
            statement.setObject(1, municipalityId);
          } else {
            statement.setArray(1, uuids(statement.getConnection(), children));
          }
          statement.setFetchSize(10_000);
          Map<UUID, List<OpenDose>> open = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              open.computeIfAbsent(rs.getObject(1, UUID.class), c -> new ArrayList<>())
                  .add(new OpenDose(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)));
            }
          }
          return open;
        });
  }

  // --- Resolving ----------------------------------------------------------------------------

  /**
   * Marks the reminders resolved (the event happened, or no longer applies) and withdraws their
   * pushes not sent yet, unless a push still carries another open reminder.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Resolved resolve(Collection<UUID> reminderIds, String resolution, Instant now) {
    if (reminderIds.isEmpty()) {
      return Resolved.NONE;
    }
    List<UUID> pushSubjects = new ArrayList<>();
    int resolved =
        jdbc.prepareStatement(
            "UPDATE reminder SET resolved_at = ?, resolution = ?"
                + " WHERE id = ANY (?) AND resolved_at IS NULL RETURNING push_subject_id",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(now));
              statement.setString(2, resolution);
              statement.setArray(3, uuids(statement.getConnection(), reminderIds));
              return collect(statement, pushSubjects);
            });
    return new Resolved(resolved, withdraw(pushSubjects));
  }

  /**
   * Runs an UPDATE that resolves reminders and returns their {@code push_subject_id}, then
   * withdraws the pushes left without an open reminder.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Resolved resolveWhere(String update, StatementBinder binder) {
    List<UUID> pushSubjects = new ArrayList<>();
    int resolved =
        jdbc.prepareStatement(
            update,
            statement -> {
              binder.bind(statement);
              return collect(statement, pushSubjects);
            });
    return new Resolved(resolved, withdraw(pushSubjects));
  }

  interface StatementBinder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private static int collect(PreparedStatement statement, List<UUID> into) throws SQLException {
    int rows = 0;
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows++;
        into.add(rs.getObject(1, UUID.class));
      }
    }
    return rows;
  }

  private int withdraw(Collection<UUID> pushSubjects) {
    if (pushSubjects.isEmpty()) {
      return 0;
    }
    Set<UUID> distinct = new LinkedHashSet<>(pushSubjects);
    List<UUID> orphaned =
        jdbc.prepareStatement(
            "SELECT s FROM unnest(?::uuid[]) AS s WHERE NOT EXISTS"
                + " (SELECT 1 FROM reminder r WHERE r.push_subject_id = s AND r.resolved_at IS NULL)",
            statement -> {
              statement.setArray(1, uuids(statement.getConnection(), distinct));
              List<UUID> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(rs.getObject(1, UUID.class));
                }
              }
              return found;
            });
    int withdrawn = 0;
    for (UUID subject : orphaned) {
      withdrawn += outbox.cancel(subject);
    }
    return withdrawn;
  }

  static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
    return connection.createArrayOf("uuid", ids.toArray(new UUID[0]));
  }

  static Array texts(Connection connection, Collection<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray(new String[0]));
  }
}
