package app.sukoyaka.notice.reminder;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL conditions of a 要精密 follow-up, built from the rules' triggers and resolvers: whether a
 * finding {@code f} starts a follow-up, whether it ends one. Each condition comes with the values
 * it binds, in order.
 */
final class FollowUpSql {
  private FollowUpSql() {}

  /** A condition on {@code f} and its parameters. */
  record Condition(String sql, List<Object> parameters) {
    /** Binds the parameters from {@code index} on; answers the next index. */
    int bind(PreparedStatement statement, int index) throws SQLException {
      int i = index;
      for (Object parameter : parameters) {
        if (parameter instanceof String[] codes) {
          statement.setArray(i++, statement.getConnection().createArrayOf("text", codes));
        } else {
          statement.setObject(i++, parameter);
        }
      }
      return i;
    }
  }

  /** A current finding {@code f} that calls for a detailed examination. */
  static Condition trigger(ReminderRules.Kind kind) {
    List<String> clauses = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    for (ReminderRules.Trigger trigger : kind.triggers()) {
      if (trigger.code() != null) {
        clauses.add("(f.item_code = ? AND f.code_value = ?)");
        parameters.add(trigger.item());
        parameters.add(trigger.code());
      } else {
        clauses.add("(f.item_code = ? AND f.boolean_value = ?)");
        parameters.add(trigger.item());
        parameters.add(trigger.flag());
      }
    }
    return new Condition(
        "(f.status <> 'entered-in-error' AND (" + String.join(" OR ", clauses) + "))", parameters);
  }

  /** A current finding {@code f} that records the detailed examination's result or visit. */
  static Condition resolver(ReminderRules.Kind kind) {
    List<String> clauses = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    for (ReminderRules.Resolver resolver : kind.resolvedBy()) {
      clauses.add("(f.item_code = ? AND (f.code_value IS NULL OR NOT (f.code_value = ANY (?))))");
      parameters.add(resolver.item());
      parameters.add(resolver.exceptCodes().toArray(new String[0]));
    }
    return new Condition(
        "(f.status <> 'entered-in-error' AND (" + String.join(" OR ", clauses) + "))", parameters);
  }

  /**
   * A result for the checkup {@code e1} is recorded: on it, or on a later checkup of the same kind
   * of the same child (a clinic reporting the result of the detailed examination).
   */
  static Condition resultRecorded(ReminderRules.Kind kind) {
    Condition resolver = resolver(kind);
    return new Condition(
        "EXISTS (SELECT 1 FROM checkup_encounter e2 JOIN checkup_finding f ON f.encounter_id = e2.id"
            + " WHERE e2.child_id = e1.child_id AND e2.kind = e1.kind"
            + " AND e2.visit_date >= e1.visit_date AND "
            + resolver.sql()
            + ")",
        resolver.parameters());
  }
}
