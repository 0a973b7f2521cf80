package app.sukoyaka.immunization;

import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.TimelineEntry;
import app.sukoyaka.checkup.handbook.TimelinePosition;
import app.sukoyaka.checkup.handbook.TimelineSource;
import app.sukoyaka.notice.reminder.ReminderRules;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineKind;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Vaccinations in the handbook's timeline: every current record of a child or a pregnancy, from
 * every source, in one statement for all the handbooks asked for.
 */
@Singleton
class ImmunizationTimelineSource implements TimelineSource {
  static final String KIND = "immunization";

  private static final String PAGE =
      "SELECT x.subject_id, x.id, x.occurrence_date, x.key, x.vaccine_kind, x.vaccine_code,"
          + " x.vaccine_display, x.dose_label, x.source, x.recorded_by_role FROM (SELECT"
          + " COALESCE(r.child_id, r.pregnancy_id) AS subject_id, r.id, r.occurrence_date,"
          + " 'immunization:' || r.id AS key, r.vaccine_kind, r.vaccine_code, r.vaccine_display,"
          + " r.dose_label, r.source, r.recorded_by_role, row_number() OVER (PARTITION BY"
          + " COALESCE(r.child_id, r.pregnancy_id) ORDER BY r.occurrence_date DESC,"
          + " ('immunization:' || r.id) COLLATE \"C\" DESC) AS n FROM immunization_record r"
          + " WHERE (r.child_id = ANY (?) OR r.pregnancy_id = ANY (?))"
          + " AND r.status <> 'entered-in-error'"
          + " AND (CAST(? AS date) IS NULL OR r.occurrence_date < ? OR (r.occurrence_date = ?"
          + " AND ('immunization:' || r.id) COLLATE \"C\" < CAST(? AS text) COLLATE \"C\"))) x"
          + " WHERE x.n <= ?";

  private final JdbcOperations jdbc;
  private final VaccineCatalog catalog;
  private final ReminderRules rules;
  private final HandbookTexts texts;

  ImmunizationTimelineSource(
      JdbcOperations jdbc, VaccineCatalog catalog, ReminderRules rules, HandbookTexts texts) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.rules = rules;
    this.texts = texts;
  }

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
    List<TimelineEntry> entries =
        jdbc.prepareStatement(
            PAGE,
            statement -> {
              var connection = statement.getConnection();
              statement.setArray(1, connection.createArrayOf("uuid", children.toArray()));
              statement.setArray(2, connection.createArrayOf("uuid", pregnancies.toArray()));
              for (int i : new int[] {3, 4, 5}) {
                if (after == null) {
                  statement.setNull(i, Types.DATE);
                } else {
                  statement.setDate(i, Date.valueOf(after.date()));
                }
              }
              statement.setString(6, after == null ? null : after.key());
              statement.setInt(7, limit);
              List<TimelineEntry> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  HandbookSubject subject = byId.get(rs.getObject(1, UUID.class));
                  UUID id = rs.getObject(2, UUID.class);
                  found.add(
                      new TimelineEntry(
                          subject.type(),
                          subject.id(),
                          KIND,
                          rs.getString(5),
                          rs.getObject(3, LocalDate.class),
                          rs.getString(4),
                          title(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)),
                          null,
                          source(rs.getString(9), rs.getString(10)),
                          null,
                          subject.path() + "/immunizations/" + id));
                }
              }
              return found;
            });
    List<TimelineEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(TimelineEntry::position, TimelinePosition.NEWEST_FIRST));
    return sorted;
  }

  /** The vaccine's name, with the dose when the record names it. */
  HandbookTexts.Text title(String kind, String code, String display, String dose) {
    LocalizedText name =
        (kind == null ? java.util.Optional.<VaccineKind>empty() : catalog.kind(kind))
            .map(VaccineKind::label)
            .orElseGet(
                () -> {
                  String shown = display != null ? display : code;
                  return new LocalizedText(shown, shown);
                });
    HandbookTexts.Text vaccine = new HandbookTexts.Text(name.ja(), name.en());
    if (dose == null) {
      return vaccine;
    }
    ReminderRules.Text doseName = rules.doseName(dose);
    return texts
        .template("vaccination")
        .fill("vaccine", vaccine)
        .fill("dose", new HandbookTexts.Text(doseName.ja(), doseName.en()));
  }

  /**
   * Who the record comes from, as the family reads it: a clinic; the municipality (its own entry, a
   * previous municipality's, My Portal's); a parent (their own entry, or a dose abroad they
   * entered).
   */
  static String source(String source, String recordedByRole) {
    switch (ImmunizationRecord.Source.ofCode(source)) {
      case CLINIC:
        return "clinic";
      case PARENT:
        return "parent";
      case ABROAD:
        return "guardian".equals(recordedByRole) ? "parent" : "municipality";
      default:
        return "municipality";
    }
  }
}
