package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.figures.FigureDefinitions;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The status staff give the items of work lists (open, contacted, appointment made, closed — the
 * statuses of figures.json) and a note, with every change kept as an event.
 */
@Singleton
public class WorkItems {
  private final JdbcOperations jdbc;
  private final Set<String> statuses;
  private final Clock clock;

  WorkItems(JdbcOperations jdbc, FigureDefinitions definitions, Clock clock) {
    this.jdbc = jdbc;
    this.statuses =
        definitions.statuses().stream()
            .map(FigureDefinitions.Status::code)
            .collect(Collectors.toUnmodifiableSet());
    this.clock = clock;
  }

  public boolean known(String status) {
    return statuses.contains(status);
  }

  /** One change of an item's status. */
  public record Event(
      String fromStatus, String toStatus, String note, String actor, Instant occurredAt) {}

  /**
   * Sets the item's status and note, in the caller's transaction (which also logs the write).
   *
   * @return the status it had before
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public String set(
      UUID municipalityId,
      String listId,
      String itemKey,
      String status,
      String note,
      String actor) {
    if (!known(status)) {
      throw new IllegalArgumentException("unknown status " + status);
    }
    Instant now = clock.instant();
    String before =
        jdbc.prepareStatement(
            "SELECT status FROM dashboard_work_item WHERE municipality_id = ? AND list_id = ?"
                + " AND item_key = ? FOR UPDATE",
            statement -> {
              statement.setObject(1, municipalityId);
              statement.setString(2, listId);
              statement.setString(3, itemKey);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : "open";
              }
            });
    jdbc.prepareStatement(
        "INSERT INTO dashboard_work_item (municipality_id, list_id, item_key, status, note,"
            + " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (municipality_id, list_id, item_key) DO UPDATE SET status ="
            + " EXCLUDED.status, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by,"
            + " updated_at = EXCLUDED.updated_at",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, listId);
          statement.setString(3, itemKey);
          statement.setString(4, status);
          statement.setString(5, note);
          statement.setString(6, actor);
          statement.setTimestamp(7, Timestamp.from(now));
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO dashboard_work_item_event (municipality_id, list_id, item_key, from_status,"
            + " to_status, note, actor, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, listId);
          statement.setString(3, itemKey);
          statement.setString(4, before);
          statement.setString(5, status);
          statement.setString(6, note);
          statement.setString(7, actor);
          statement.setTimestamp(8, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return before;
  }

  /** The item's changes, oldest first. */
  @Transactional(readOnly = true)
  public List<Event> history(UUID municipalityId, String listId, String itemKey) {
    return jdbc.prepareStatement(
        "SELECT from_status, to_status, note, actor, occurred_at FROM dashboard_work_item_event"
            + " WHERE municipality_id = ? AND list_id = ? AND item_key = ? ORDER BY id",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, listId);
          statement.setString(3, itemKey);
          List<Event> events = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              events.add(
                  new Event(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getTimestamp(5).toInstant()));
            }
          }
          return events;
        });
  }
}
