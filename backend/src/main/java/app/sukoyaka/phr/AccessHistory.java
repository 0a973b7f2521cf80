package app.sukoyaka.phr;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * やりとり履歴: every access to the guardian's family's data from the access log (who, what, when, why),
 * newest first. The family is what the guardian may read now: their children, their pregnancies and
 * those shared with them, and their own settings; rows of anyone else never appear. The log is read
 * by subject through its index in the page's order, so a family with thousands of rows reads one
 * page at the cost of that page.
 */
@Singleton
class AccessHistory {
  static final String PURPOSE = "access-history";
  static final int MAX_PAGE_SIZE = 200;
  static final int MAX_EXPORT = 50_000;
  static final Set<String> WHO = Set.of("you", "other-guardian", "clinic", "municipality", "app");
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final FamilyService families;
  private final JdbcOperations jdbc;
  private final AccessGuard guard;
  private final AccessLog accessLog;

  AccessHistory(
      FamilyService families, JdbcOperations jdbc, AccessGuard guard, AccessLog accessLog) {
    this.families = families;
    this.jdbc = jdbc;
    this.guard = guard;
    this.accessLog = accessLog;
  }

  /**
   * What to show.
   *
   * @param from the first day (in Japan), or null
   * @param to the last day (in Japan), or null
   * @param who you, other-guardian, clinic, municipality or app, or null for everyone
   */
  record Filter(LocalDate from, LocalDate to, UUID childId, UUID pregnancyId, String who) {}

  /** One row of the log as the guardian reads it. */
  record Row(
      long id,
      Instant occurredAt,
      String actorRole,
      String actorId,
      boolean actorIsYou,
      String facilityName,
      String municipalityName,
      String actorPersonName,
      String subjectType,
      UUID subjectId,
      String subjectName,
      String action,
      String purpose,
      String outcome) {}

  record Page(List<Row> rows, int page, int size, boolean more) {}

  /** The family as the history names it: subject ids and how each is called. */
  private record Family(UUID personId, ProtectedSubject self, Map<UUID, String[]> subjects) {}

  @Transactional
  public Page page(Principal principal, Filter filter, int page, int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw new ProblemException(
          ErrorCode.ACCESS_HISTORY_BAD_FILTER,
          "page is 0 or more; size is 1 to " + MAX_PAGE_SIZE + ".");
    }
    Family family = family(principal, "read-access-history");
    List<Row> rows = query(principal, family, filter, size + 1, (long) page * size);
    boolean more = rows.size() > size;
    return new Page(more ? rows.subList(0, size) : rows, page, size, more);
  }

  /** Every row the filter selects, for the download. */
  @Transactional
  public List<Row> all(Principal principal, Filter filter) {
    Family family = family(principal, "export-access-history");
    List<Row> rows = query(principal, family, filter, MAX_EXPORT + 1, 0);
    if (rows.size() > MAX_EXPORT) {
      throw new ProblemException(
          ErrorCode.ACCESS_HISTORY_TOO_LARGE,
          "More than " + MAX_EXPORT + " accesses in this period; download a shorter period.");
    }
    return rows;
  }

  private Family family(Principal principal, String action) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only a guardian reads their family's access history.");
    }
    Guardian guardian =
        families
            .guardian(principal.subject())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.ACCOUNT_NO_PERSON, "No account on record for this login."));
    UUID municipality =
        jdbc.prepareStatement(
            "SELECT municipality_id FROM person WHERE id = ?",
            statement -> {
              statement.setObject(1, guardian.personId());
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
              }
            });
    ProtectedSubject self =
        new ProtectedSubject(
            "person", guardian.personId(), municipality, Set.of(principal.subject()), Set.of());
    guard.require(principal, AccessPolicy.Action.READ, self, action, PURPOSE);
    Map<UUID, String[]> subjects = new LinkedHashMap<>();
    subjects.put(guardian.personId(), new String[] {"person", "あなた / you"});
    for (Child child : guardian.children()) {
      subjects.put(child.id(), new String[] {"child", child.displayName()});
    }
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      subjects.put(
          pregnancy.id(),
          new String[] {
            "pregnancy",
            "妊娠 / pregnancy (" + pregnancy.motherName() + ", " + pregnancy.handbookNumber() + ")"
          });
    }
    accessLog.access(principal, self, action, PURPOSE, true);
    return new Family(guardian.personId(), self, subjects);
  }

  private List<Row> query(
      Principal principal, Family family, Filter filter, int limit, long offset) {
    List<UUID> subjects = new ArrayList<>();
    if (filter.childId() != null || filter.pregnancyId() != null) {
      for (UUID id : new UUID[] {filter.childId(), filter.pregnancyId()}) {
        if (id == null) {
          continue;
        }
        String[] known = family.subjects().get(id);
        if (known == null || "person".equals(known[0])) {
          throw new ProblemException(
              ErrorCode.ACCESS_HISTORY_NOT_YOURS,
              "This child or pregnancy is not in your family's handbook.");
        }
        subjects.add(id);
      }
    } else {
      subjects.addAll(family.subjects().keySet());
    }
    if (filter.from() != null && filter.to() != null && filter.to().isBefore(filter.from())) {
      throw new ProblemException(ErrorCode.ACCESS_HISTORY_BAD_FILTER, "to is before from.");
    }
    if (filter.who() != null && !WHO.contains(filter.who())) {
      throw new ProblemException(
          ErrorCode.ACCESS_HISTORY_BAD_FILTER, "who is one of " + String.join(", ", WHO) + ".");
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT l.id, l.occurred_at, l.actor_role, l.actor_id, f.name, m.name_ja,"
                + " ap.family_name || ' ' || ap.given_name, l.subject_id, l.action, l.purpose,"
                + " l.outcome FROM access_log l"
                + " LEFT JOIN facility f ON f.id = l.facility_id"
                + " LEFT JOIN municipality m ON m.id = l.municipality_id"
                // Named only when the access was allowed, that is by a guardian of the child or
                // pregnancy: someone of another family who was refused stays unnamed here.
                + " LEFT JOIN person ap ON l.actor_role IN ('guardian', 'resident')"
                + "  AND ap.login_subject = l.actor_id AND l.outcome = 'allowed'"
                + " WHERE l.subject_id = ANY (?)");
    List<Object> parameters = new ArrayList<>();
    parameters.add(subjects);
    if (filter.from() != null) {
      sql.append(" AND l.occurred_at >= ?");
      parameters.add(Timestamp.from(filter.from().atStartOfDay(JAPAN).toInstant()));
    }
    if (filter.to() != null) {
      sql.append(" AND l.occurred_at < ?");
      parameters.add(Timestamp.from(filter.to().plusDays(1).atStartOfDay(JAPAN).toInstant()));
    }
    if (filter.who() != null) {
      switch (filter.who()) {
        case "you" -> {
          sql.append(" AND l.actor_role IN ('guardian', 'resident') AND l.actor_id = ?");
          parameters.add(principal.subject());
        }
        case "other-guardian" -> {
          sql.append(" AND l.actor_role = 'guardian' AND l.actor_id <> ?");
          parameters.add(principal.subject());
        }
        case "clinic" -> sql.append(" AND l.actor_role = 'clinic'");
        case "municipality" -> sql.append(" AND l.actor_role = 'staff'");
        default ->
            sql.append(" AND l.actor_role NOT IN ('guardian', 'resident', 'clinic', 'staff')");
      }
    }
    sql.append(" ORDER BY l.occurred_at DESC, l.id DESC LIMIT ? OFFSET ?");
    parameters.add(limit);
    parameters.add(offset);
    return jdbc.prepareStatement(
        sql.toString(),
        statement -> {
          for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            if (p instanceof List<?> ids) {
              statement.setArray(
                  i + 1, statement.getConnection().createArrayOf("uuid", ids.toArray()));
            } else {
              statement.setObject(i + 1, p);
            }
          }
          List<Row> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(row(rs, principal, family));
            }
          }
          return rows;
        });
  }

  private static Row row(ResultSet rs, Principal principal, Family family) throws SQLException {
    String role = rs.getString(3);
    String actor = rs.getString(4);
    UUID subjectId = rs.getObject(8, UUID.class);
    String[] subject = family.subjects().get(subjectId);
    return new Row(
        rs.getLong(1),
        rs.getTimestamp(2).toInstant(),
        role,
        actor,
        (Role.GUARDIAN.claim().equals(role) || Role.RESIDENT.claim().equals(role))
            && principal.subject().equals(actor),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        subject[0],
        subjectId,
        subject[1],
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
  }
}
