package app.sukoyaka.notice;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The SQL that selects an audience's recipients, set-based: one statement whatever the number of
 * families, so that a notice to 100,000 guardians is one INSERT … SELECT. Produces a {@code WITH}
 * clause whose last query, {@code deliveries}, has one row per recipient: {@code person_id}, the
 * matching {@code child_ids} and {@code pregnancy_ids}, and the {@code channel} (online when the
 * recipient's latest online-delivery decision is a grant, or the notice is a consent request;
 * otherwise paper). The caller appends what to do with it (count, insert). Pure.
 */
final class AudienceSql {
  /** A {@code uuid[]} parameter; bound by the caller with {@code createArrayOf}. */
  record UuidArray(Collection<UUID> ids) {}

  /** A {@code text[]} parameter. */
  record TextArray(Collection<String> values) {}

  /** SQL text and its parameters, in order. */
  record Compiled(String sql, List<Object> parameters) {}

  /** Full term is 40 weeks: 280 days of gestation on the expected delivery date. */
  static final int TERM_DAYS = 280;

  private AudienceSql() {}

  /**
   * @param vaccineChildIds the children whose forecast meets the vaccine criterion, worked out by
   *     the forecaster beforehand; ignored (may be null) when the query has no such criterion
   * @param consentRequest whether the notice asks for consent (delivered online to everyone)
   */
  static Compiled deliveries(
      UUID municipalityId,
      LocalDate today,
      AudienceQuery query,
      Collection<UUID> vaccineChildIds,
      CheckupAges checkupAges,
      boolean consentRequest) {
    List<Object> p = new ArrayList<>();
    StringBuilder sql = new StringBuilder("WITH ");
    boolean children = query.selectsChildren();
    boolean pregnancies = query.pregnancyWeeks() != null;
    boolean everyone = !children && !pregnancies;

    if (children || everyone) {
      sql.append("matched_children AS (SELECT c.id FROM child c WHERE c.municipality_id = ?");
      p.add(municipalityId);
      if (query.childAge() != null) {
        if (query.childAge().from() != null) {
          sql.append(" AND c.birth_date + make_interval(months => ?, days => ?) <= ?");
          add(p, query.childAge().from(), today);
        }
        if (query.childAge().under() != null) {
          sql.append(" AND c.birth_date + make_interval(months => ?, days => ?) > ?");
          add(p, query.childAge().under(), today);
        }
      }
      if (query.vaccine() != null) {
        sql.append(" AND c.id = ANY (?)");
        p.add(new UuidArray(vaccineChildIds == null ? List.of() : vaccineChildIds));
      }
      if (query.checkupNotAttended() != null) {
        CheckupAges.Window window =
            checkupAges.window(query.checkupNotAttended().kind()).orElseThrow();
        sql.append(" AND c.birth_date + make_interval(months => ?, days => ?) <= ?");
        add(p, window.from(), today);
        if (!query.checkupNotAttended().includeWindowClosed()) {
          sql.append(" AND c.birth_date + make_interval(months => ?, days => ?) > ?");
          add(p, window.before(), today);
        }
        sql.append(
            " AND NOT EXISTS (SELECT 1 FROM checkup_encounter e"
                + " WHERE e.child_id = c.id AND e.kind = ?)");
        p.add(window.kind());
      }
      sql.append(
          "), child_guardians AS (SELECT g.person_id, array_agg(g.child_id ORDER BY g.child_id)"
              + " AS child_ids FROM guardianship g JOIN matched_children mc ON mc.id = g.child_id"
              + " GROUP BY g.person_id), ");
    }
    if (pregnancies || everyone) {
      sql.append(
          "pregnant AS (SELECT p.person_id, array_agg(p.id ORDER BY p.id) AS pregnancy_ids"
              + " FROM pregnancy p WHERE p.municipality_id = ? AND p.status = 'active'");
      p.add(municipalityId);
      if (pregnancies) {
        // In week w (w*7 to w*7+6 days of gestation) today when the expected delivery date lies
        // 280 - days of gestation ahead.
        sql.append(" AND p.expected_delivery_date BETWEEN ? AND ?");
        p.add(today.plusDays(TERM_DAYS - 7L * query.pregnancyWeeks().to() - 6));
        p.add(today.plusDays(TERM_DAYS - 7L * query.pregnancyWeeks().from()));
      }
      sql.append(" GROUP BY p.person_id), ");
    }
    sql.append("recipients AS (SELECT pe.id AS person_id, ");
    sql.append(children || everyone ? "COALESCE(cg.child_ids, '{}')" : "'{}'::uuid[]");
    sql.append(" AS child_ids, ");
    sql.append(pregnancies || everyone ? "COALESCE(pr.pregnancy_ids, '{}')" : "'{}'::uuid[]");
    sql.append(" AS pregnancy_ids FROM person pe");
    if (everyone) {
      sql.append(
          " LEFT JOIN child_guardians cg ON cg.person_id = pe.id"
              + " LEFT JOIN pregnant pr ON pr.person_id = pe.id");
    } else {
      if (children) {
        sql.append(" JOIN child_guardians cg ON cg.person_id = pe.id");
      }
      if (pregnancies) {
        sql.append(" JOIN pregnant pr ON pr.person_id = pe.id");
      }
    }
    sql.append(" WHERE pe.municipality_id = ?");
    p.add(municipalityId);
    if (everyone) {
      sql.append(" AND (cg.person_id IS NOT NULL OR pr.person_id IS NOT NULL)");
    }
    if (!query.areas().isEmpty()) {
      sql.append(" AND pe.area_code = ANY (?)");
      p.add(new TextArray(query.areas()));
    }
    sql.append(
        "), consent AS (SELECT DISTINCT ON (person_id) person_id, decision"
            + " FROM online_delivery_consent WHERE municipality_id = ?"
            + " ORDER BY person_id, decided_at DESC, id DESC)"
            + ", deliveries AS (SELECT r.person_id, r.child_ids, r.pregnancy_ids,"
            + " CASE WHEN ? OR co.decision = 'granted' THEN 'online' ELSE 'paper' END AS channel"
            + " FROM recipients r LEFT JOIN consent co ON co.person_id = r.person_id) ");
    p.add(municipalityId);
    p.add(consentRequest);
    return new Compiled(sql.toString(), p);
  }

  private static void add(List<Object> p, AudienceQuery.Age age, LocalDate today) {
    p.add(age.months());
    p.add(age.days());
    p.add(today);
  }
}
