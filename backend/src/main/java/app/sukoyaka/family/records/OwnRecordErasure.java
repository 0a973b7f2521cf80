package app.sukoyaka.family.records;

import app.sukoyaka.family.account.AccountErasure;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.Timestamp;

/**
 * Account deletion of the parents' own records ({@code parent-records} of the retention rules):
 * every record the guardian wrote is emptied and becomes a tombstone, so the other guardian's phone
 * drops it at its next sync; records the other guardian wrote stay, and name the person's id where
 * they named the deleted login.
 */
@Singleton
class OwnRecordErasure implements AccountErasure {
  private final JdbcOperations jdbc;

  OwnRecordErasure(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String kind() {
    return "parent-records";
  }

  @Override
  public void erase(DeletedAccount account) {
    if (account.loginSubject() == null) {
      return;
    }
    String actor = "guardian:" + account.loginSubject();
    String pseudonym = account.pseudonym();
    Timestamp at = Timestamp.from(account.at());
    jdbc.prepareStatement(
        "UPDATE parent_record SET quantity_value = NULL, quantity_unit = NULL, answer_code = NULL,"
            + " text_value = NULL, version = version + 1, updated_at = ?,"
            + " deleted_at = COALESCE(deleted_at, ?) WHERE created_by IN (?, ?)",
        statement -> {
          statement.setTimestamp(1, at);
          statement.setTimestamp(2, at);
          statement.setString(3, actor);
          statement.setString(4, account.loginSubject());
          return statement.executeUpdate();
        });
    for (String column : new String[] {"created_by", "updated_by"}) {
      jdbc.prepareStatement(
          "UPDATE parent_record SET " + column + " = ? WHERE " + column + " IN (?, ?)",
          statement -> {
            statement.setString(1, pseudonym);
            statement.setString(2, actor);
            statement.setString(3, account.loginSubject());
            return statement.executeUpdate();
          });
    }
  }
}
