package app.sukoyaka.municipality.worklist;

import app.sukoyaka.notice.reminder.ReminderRules;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What starts and ends a 精密健康診査 follow-up, as SQL: the reminder rules' {@code checkup-follow-up}
 * triggers and results, so that this list, the reminders, the handbook's home and the timeline
 * agree. Codes come from the data files and are written into the SQL as literals (a partial index
 * serves them; a bound value would hide them from the planner).
 */
@Singleton
class FollowUpRules {
  private final ReminderRules rules;
  private final Clock clock;

  FollowUpRules(ReminderRules rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  private ReminderRules.Kind kind() {
    return rules
        .kind(ReminderRules.CHECKUP_FOLLOW_UP, LocalDate.now(clock))
        .orElseGet(() -> rules.latest(ReminderRules.CHECKUP_FOLLOW_UP));
  }

  /** A current finding {@code f} that calls for a detailed examination. */
  String trigger() {
    List<String> clauses = new ArrayList<>();
    for (ReminderRules.Trigger trigger : kind().triggers()) {
      if (trigger.code() != null) {
        clauses.add(
            "(f.item_code = "
                + SqlList.literal(trigger.item())
                + " AND f.code_value = "
                + SqlList.literal(trigger.code())
                + ")");
      } else {
        clauses.add(
            "(f.item_code = "
                + SqlList.literal(trigger.item())
                + " AND f.boolean_value = "
                + trigger.flag()
                + ")");
      }
    }
    return "(f.status <> 'entered-in-error' AND (" + String.join(" OR ", clauses) + "))";
  }

  /**
   * A result for checkup {@code e1} is recorded on it or on a later checkup of the same kind of the
   * same child.
   */
  String resultRecorded() {
    List<String> clauses = new ArrayList<>();
    for (ReminderRules.Resolver resolver : kind().resolvedBy()) {
      StringBuilder clause =
          new StringBuilder("(rf.item_code = ").append(SqlList.literal(resolver.item()));
      if (!resolver.exceptCodes().isEmpty()) {
        List<String> codes = resolver.exceptCodes().stream().map(SqlList::literal).toList();
        clause
            .append(" AND (rf.code_value IS NULL OR rf.code_value NOT IN (")
            .append(String.join(", ", codes))
            .append("))");
      }
      clauses.add(clause.append(")").toString());
    }
    return "EXISTS (SELECT 1 FROM checkup_encounter e2 JOIN checkup_finding rf"
        + " ON rf.encounter_id = e2.id WHERE e2.child_id = e1.child_id AND e2.kind = e1.kind"
        + " AND e2.visit_date >= e1.visit_date AND rf.status <> 'entered-in-error' AND ("
        + String.join(" OR ", clauses)
        + "))";
  }
}
