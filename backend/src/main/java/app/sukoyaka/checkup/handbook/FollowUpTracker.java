package app.sukoyaka.checkup.handbook;

import app.sukoyaka.notice.reminder.ReminderRules;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The 精密健康診査 a child's checkups led to, and whether each is still open. What starts one and what
 * ends one are the reminder rules' {@code checkup-follow-up} triggers and results, so the home, the
 * timeline and the reminders agree: a checkup with a trigger (a judgement 要精密, a referral) is open
 * until a result other than 未受診 or the examination's day is recorded on it or on a later checkup of
 * the same kind.
 */
@Singleton
public class FollowUpTracker {
  /** The item that names where the examination is done; shown, never deciding. */
  static final String FACILITY_ITEM = "follow-up-facility";

  static final String REFERRAL_ITEM = "follow-up-referral";
  static final String DATE_ITEM = "follow-up-visit-date";
  static final String RESULT_ITEM = "follow-up-result";

  private final JdbcOperations jdbc;
  private final ReminderRules rules;
  private final Clock clock;

  FollowUpTracker(JdbcOperations jdbc, ReminderRules rules, Clock clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * A checkup that led to a 精密健康診査.
   *
   * @param triggers the items that called for it (overall-judgement, follow-up-referral …)
   * @param referral the referral finding, when recorded
   * @param visitDate the examination's day, when recorded (on this checkup or a later one)
   * @param facility where it is done, when recorded
   * @param result the result code of follow-up-result, when recorded
   * @param open whether no result is recorded yet
   */
  public record FollowUp(
      UUID checkupId,
      UUID childId,
      String checkupKind,
      LocalDate checkupDate,
      List<String> triggers,
      Boolean referral,
      LocalDate visitDate,
      String facility,
      String result,
      boolean open) {}

  /** One finding that matters to follow-ups. */
  private record Row(
      UUID encounterId,
      UUID childId,
      String kind,
      LocalDate visitDate,
      String item,
      String code,
      Boolean flag,
      LocalDate date,
      String text) {}

  /** The follow-ups of these children's checkups, by checkup id, in one statement. */
  @Transactional(readOnly = true)
  public Map<UUID, FollowUp> ofChildren(Collection<UUID> childIds) {
    if (childIds.isEmpty()) {
      return Map.of();
    }
    ReminderRules.Kind kind = kind();
    Set<String> items = new LinkedHashSet<>();
    kind.triggers().forEach(t -> items.add(t.item()));
    kind.resolvedBy().forEach(r -> items.add(r.item()));
    items.add(FACILITY_ITEM);
    items.add(REFERRAL_ITEM);
    List<Row> rows =
        jdbc.prepareStatement(
            "SELECT e.id, e.child_id, e.kind, e.visit_date, f.item_code, f.code_value,"
                + " f.boolean_value, f.date_value, f.string_value FROM checkup_encounter e"
                + " JOIN checkup_finding f ON f.encounter_id = e.id"
                + " WHERE e.child_id = ANY (?) AND f.item_code = ANY (?)"
                + " AND f.status <> 'entered-in-error'",
            statement -> {
              statement.setArray(
                  1, statement.getConnection().createArrayOf("uuid", childIds.toArray()));
              statement.setArray(
                  2, statement.getConnection().createArrayOf("text", items.toArray()));
              List<Row> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(row(rs));
                }
              }
              return found;
            });
    return followUps(kind, rows);
  }

  private static Row row(ResultSet rs) throws SQLException {
    Object flag = rs.getObject(7);
    return new Row(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getObject(4, LocalDate.class),
        rs.getString(5),
        rs.getString(6),
        flag == null ? null : (Boolean) flag,
        rs.getObject(8, LocalDate.class),
        rs.getString(9));
  }

  /** The rules' follow-up entry in force today, else the latest. */
  private ReminderRules.Kind kind() {
    return rules
        .kind(ReminderRules.CHECKUP_FOLLOW_UP, LocalDate.now(clock))
        .orElseGet(() -> rules.latest(ReminderRules.CHECKUP_FOLLOW_UP));
  }

  /** Pure: the follow-ups the rows show. */
  static Map<UUID, FollowUp> followUps(ReminderRules.Kind kind, List<Row> rows) {
    Map<UUID, List<Row>> byCheckup = new LinkedHashMap<>();
    rows.stream()
        .sorted(Comparator.comparing(Row::visitDate).thenComparing(Row::encounterId))
        .forEach(r -> byCheckup.computeIfAbsent(r.encounterId(), id -> new ArrayList<>()).add(r));
    Map<UUID, FollowUp> result = new LinkedHashMap<>();
    for (List<Row> findings : byCheckup.values()) {
      Row first = findings.get(0);
      List<String> triggers = new ArrayList<>();
      for (Row finding : findings) {
        if (kind.triggers().stream().anyMatch(t -> triggers(t, finding))
            && !triggers.contains(finding.item())) {
          triggers.add(finding.item());
        }
      }
      if (triggers.isEmpty()) {
        continue;
      }
      // The result is on this checkup or on a later one of the same kind (the clinic reporting it).
      List<Row> laterOfKind =
          rows.stream()
              .filter(
                  r ->
                      r.childId().equals(first.childId())
                          && r.kind().equals(first.kind())
                          && !r.visitDate().isBefore(first.visitDate()))
              .toList();
      boolean resolved =
          laterOfKind.stream()
              .anyMatch(r -> kind.resolvedBy().stream().anyMatch(res -> resolves(res, r)));
      result.put(
          first.encounterId(),
          new FollowUp(
              first.encounterId(),
              first.childId(),
              first.kind(),
              first.visitDate(),
              List.copyOf(triggers),
              value(findings, REFERRAL_ITEM, Row::flag),
              value(laterOfKind, DATE_ITEM, Row::date),
              value(laterOfKind, FACILITY_ITEM, Row::text),
              value(laterOfKind, RESULT_ITEM, Row::code),
              !resolved));
    }
    return result;
  }

  private static boolean triggers(ReminderRules.Trigger trigger, Row finding) {
    if (!trigger.item().equals(finding.item())) {
      return false;
    }
    return trigger.code() != null
        ? trigger.code().equals(finding.code())
        : trigger.flag().equals(finding.flag());
  }

  private static boolean resolves(ReminderRules.Resolver resolver, Row finding) {
    return resolver.item().equals(finding.item())
        && (finding.code() == null || !resolver.exceptCodes().contains(finding.code()));
  }

  /** The latest value of the item among the rows (the rows are in date order). */
  private static <T> T value(List<Row> rows, String item, java.util.function.Function<Row, T> of) {
    T found = null;
    for (Row row : rows) {
      if (row.item().equals(item) && of.apply(row) != null) {
        found = of.apply(row);
      }
    }
    return found;
  }

  /** For the test of the pure part: a finding as the statement reads it. */
  static Object row(
      UUID encounterId,
      UUID childId,
      String kind,
      LocalDate visitDate,
      String item,
      String code,
      Boolean flag,
      LocalDate date) {
    return new Row(encounterId, childId, kind, visitDate, item, code, flag, date, null);
  }

  @SuppressWarnings("unchecked")
  static Map<UUID, FollowUp> followUpsOf(ReminderRules.Kind kind, List<?> rows) {
    return followUps(kind, (List<Row>) rows);
  }
}
