package app.sukoyaka.notice.reminder;

import app.sukoyaka.checkup.CheckupsRecorded;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ChildSchedules;
import app.sukoyaka.immunization.VaccinationsRecorded;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops reminders whose event happened: a dose recorded, a checkup attended, a 妊婦健診 visit in its
 * window, a pregnancy ended, a follow-up's result recorded. Their pushes not sent yet are
 * withdrawn.
 *
 * <p>Two ways, deliberately both. The immunization and checkup packages publish an event in the
 * transaction that stores a dose or a checkup (they do not know this package: no cycle), and this
 * listener settles the child's or pregnancy's reminders in that same transaction, so a push queued
 * for the night is withdrawn the moment the clinic's record commits. The listener works inside a
 * savepoint: if it failed, the clinic's record would still be stored, and the daily run, which
 * settles every open reminder of the municipality first ({@link #settleMunicipality}), catches up.
 * That step also covers records that reach the database by other paths.
 */
@Singleton
class ReminderResolutions {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderResolutions.class);

  private final ReminderStore store;
  private final ReminderRules rules;
  private final JdbcOperations jdbc;
  private final TransactionOperations<Connection> transactions;
  private final FamilyService families;
  private final ChildSchedules schedules;
  private final List<String> endingKinds;
  private final Clock clock;

  ReminderResolutions(
      ReminderStore store,
      ReminderRules rules,
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FamilyService families,
      ChildSchedules schedules,
      CheckupItemCatalog catalog,
      Clock clock) {
    this.store = store;
    this.rules = rules;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.families = families;
    this.schedules = schedules;
    this.endingKinds =
        catalog.kinds().stream().filter(CheckupKind::endsPregnancy).map(CheckupKind::code).toList();
    this.clock = clock;
  }

  // --- The listeners --------------------------------------------------------------------------

  @EventListener
  void onVaccinations(VaccinationsRecorded event) {
    if (event.childIds().isEmpty()) {
      return;
    }
    inSavepoint("vaccinations of " + event.childIds(), () -> settleChildren(event.childIds()));
  }

  @EventListener
  void onCheckups(CheckupsRecorded event) {
    if (event.encounterIds().isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    if (event.subjectIds().isEmpty() || transactions.findTransactionStatus().isEmpty()) {
      inSavepoint(
          "checkups " + event.encounterIds(),
          () -> settleSubjects(subjectsOf(event.encounterIds()), now));
      return;
    }
    // Every clinic submission passes here and most are of a family with nothing open: one read of
    // the reminder index, and a savepoint (two more round trips) only when there is something to
    // settle. The read cannot fail for the record's sake; the updates may, hence the savepoint.
    Set<UUID> open = store.withOpenReminders(event.subjectIds());
    if (!open.isEmpty()) {
      inSavepoint("checkups " + event.encounterIds(), () -> settleOpen(open, now));
    }
  }

  /**
   * Runs the work in a savepoint of the storing transaction, so that a failure here rolls back only
   * this and the record is stored all the same (the daily run settles it later).
   */
  private void inSavepoint(String what, Runnable work) {
    if (transactions.findTransactionStatus().isEmpty()) {
      transactions.executeWrite(
          status -> {
            work.run();
            return null;
          });
      return;
    }
    try {
      transactions.execute(
          TransactionDefinition.of(TransactionDefinition.Propagation.NESTED),
          status -> {
            work.run();
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("Reminders of {} were not settled; the daily run will settle them", what, e);
    }
  }

  /** The children's open vaccine reminders, against their forecast now. */
  ReminderStore.Resolved settleChildren(Collection<UUID> children) {
    Map<UUID, List<ReminderStore.OpenDose>> open = store.openDoses(null, children);
    ReminderStore.Resolved resolved = ReminderStore.Resolved.NONE;
    LocalDate today = LocalDate.now(clock);
    Instant now = clock.instant();
    for (Map.Entry<UUID, List<ReminderStore.OpenDose>> entry : open.entrySet()) {
      Optional<Child> child = families.child(entry.getKey());
      if (child.isEmpty()) {
        continue;
      }
      List<Recommendation> recommendations =
          schedules.of(child.get(), today).forecast().forecast().recommendations();
      Settled settled = settle(entry.getValue(), recommendations);
      resolved = resolved.plus(store.resolve(settled.done(), "done", now));
      resolved = resolved.plus(store.resolve(settled.noLongerDue(), "no-longer-due", now));
    }
    return resolved;
  }

  /** Which open dose reminders a forecast settles: the dose given, or not to be given any more. */
  record Settled(List<UUID> done, List<UUID> noLongerDue) {}

  static Settled settle(List<ReminderStore.OpenDose> open, List<Recommendation> recommendations) {
    Map<String, Status> statuses = new HashMap<>();
    for (Recommendation r : recommendations) {
      statuses.put(r.vaccine() + "/" + r.dose(), r.status());
    }
    List<UUID> done = new ArrayList<>();
    List<UUID> gone = new ArrayList<>();
    for (ReminderStore.OpenDose dose : open) {
      Status status = statuses.get(dose.vaccine() + "/" + dose.dose());
      if (status == Status.COMPLETE) {
        done.add(dose.id());
      } else if (status == null || status == Status.INELIGIBLE) {
        gone.add(dose.id());
      }
    }
    return new Settled(done, gone);
  }

  private Set<UUID> subjectsOf(Set<UUID> encounters) {
    return jdbc.prepareStatement(
        "SELECT COALESCE(child_id, pregnancy_id) FROM checkup_encounter WHERE id = ANY (?)",
        statement -> {
          statement.setArray(1, ReminderStore.uuids(statement.getConnection(), encounters));
          Set<UUID> subjects = new HashSet<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              subjects.add(rs.getObject(1, UUID.class));
            }
          }
          return subjects;
        });
  }

  // --- Settling by SQL ---------------------------------------------------------------------

  /** Settles the checkup reminders of every child and pregnancy of the municipality. */
  ReminderStore.Resolved settleMunicipality(UUID municipalityId, Instant now) {
    return settle(
        "r.municipality_id = ?",
        (statement, index) -> {
          statement.setObject(index, municipalityId);
          return index + 1;
        },
        now);
  }

  /** Settles the checkup reminders of these children and pregnancies. */
  ReminderStore.Resolved settleSubjects(Set<UUID> candidates, Instant now) {
    // Most records arrive for a family with nothing open: one look instead of five updates.
    Set<UUID> subjects = store.withOpenReminders(candidates);
    if (subjects.isEmpty()) {
      return ReminderStore.Resolved.NONE;
    }
    return settleOpen(subjects, now);
  }

  /** Settles the checkup reminders of these children and pregnancies, known to have open ones. */
  private ReminderStore.Resolved settleOpen(Set<UUID> subjects, Instant now) {
    return settle(
        "r.subject_id = ANY (?)",
        (statement, index) -> {
          statement.setArray(index, ReminderStore.uuids(statement.getConnection(), subjects));
          return index + 1;
        },
        now);
  }

  /** Binds the scope's parameters from {@code index} on; answers the next index. */
  private interface ScopeBinder {
    int bind(PreparedStatement statement, int index) throws SQLException;
  }

  private ReminderStore.Resolved settle(String scope, ScopeBinder binder, Instant now) {
    String open = " WHERE " + scope + " AND r.resolved_at IS NULL AND r.kind = ? AND ";
    String set = "UPDATE reminder r SET resolved_at = ?, resolution = ?";
    String returning = " RETURNING r.push_subject_id";
    ReminderStore.Resolved resolved = ReminderStore.Resolved.NONE;
    // Infant and child checkups: one of the kind recorded for the child.
    resolved =
        resolved.plus(
            run(
                set
                    + open
                    + "EXISTS (SELECT 1 FROM checkup_encounter e WHERE e.child_id = r.child_id"
                    + " AND e.kind = r.checkup_kind)"
                    + returning,
                binder,
                now,
                "done",
                ReminderRules.INFANT_CHECKUP,
                List.of()));
    // 妊婦健診: the pregnancy ended, or a visit on a day of the reminder's window.
    resolved =
        resolved.plus(
            run(
                set
                    + open
                    + "(EXISTS (SELECT 1 FROM pregnancy p WHERE p.id = r.pregnancy_id"
                    + " AND p.status <> 'active') OR EXISTS (SELECT 1 FROM checkup_encounter e"
                    + " WHERE e.pregnancy_id = r.pregnancy_id AND e.kind = ANY (?)))"
                    + returning,
                binder,
                now,
                "ended",
                ReminderRules.PRENATAL_CHECKUP,
                List.of((Object) endingKinds.toArray(new String[0]))));
    resolved =
        resolved.plus(
            run(
                set
                    + open
                    + "EXISTS (SELECT 1 FROM checkup_encounter e WHERE e.pregnancy_id ="
                    + " r.pregnancy_id AND e.kind = ? AND e.visit_date BETWEEN r.due_date"
                    + " AND r.window_end)"
                    + returning,
                binder,
                now,
                "done",
                ReminderRules.PRENATAL_CHECKUP,
                List.of(ReminderRulesFactory.PRENATAL_KIND)));
    ReminderRules.Kind followUp = rules.latest(ReminderRules.CHECKUP_FOLLOW_UP);
    FollowUpSql.Condition result = FollowUpSql.resultRecorded(followUp);
    resolved =
        resolved.plus(
            run(
                set
                    + open
                    + "EXISTS (SELECT 1 FROM checkup_encounter e1 WHERE e1.id = r.encounter_id AND "
                    + result.sql()
                    + ")"
                    + returning,
                binder,
                now,
                "done",
                ReminderRules.CHECKUP_FOLLOW_UP,
                result.parameters()));
    // A referral a clinic corrected away (the judgement is no longer 要精密).
    FollowUpSql.Condition trigger = FollowUpSql.trigger(followUp);
    resolved =
        resolved.plus(
            run(
                set
                    + open
                    + "NOT EXISTS (SELECT 1 FROM checkup_finding f WHERE f.encounter_id ="
                    + " r.encounter_id AND "
                    + trigger.sql()
                    + ")"
                    + returning,
                binder,
                now,
                "no-longer-due",
                ReminderRules.CHECKUP_FOLLOW_UP,
                trigger.parameters()));
    return resolved;
  }

  private ReminderStore.Resolved run(
      String sql,
      ScopeBinder scope,
      Instant now,
      String resolution,
      String kind,
      List<Object> parameters) {
    return store.resolveWhere(
        sql,
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, resolution);
          int next = scope.bind(statement, 3);
          statement.setString(next, kind);
          new FollowUpSql.Condition("", parameters).bind(statement, next + 1);
        });
  }
}
