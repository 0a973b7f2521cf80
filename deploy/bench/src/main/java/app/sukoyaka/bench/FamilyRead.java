package app.sukoyaka.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The baseline of the sync benchmark: the plain JDBC read of one family's rows — the guardian by
 * login, her pregnancies and children, all their checkup encounters and findings, vaccination
 * records and their credits, her online notice deliveries with their notices' lines, and her
 * current replies — on one connection, with statements prepared once, every column of every row
 * decoded, nothing mapped, nothing serialised. What a sync cannot do faster than.
 */
final class FamilyRead implements AutoCloseable {
  /** Rows read, by table. */
  record Rows(
      long pregnancies,
      long children,
      long encounters,
      long findings,
      long records,
      long credits,
      long notices,
      long replies) {
    long total() {
      return 1
          + pregnancies
          + children
          + encounters
          + findings
          + records
          + credits
          + notices
          + replies;
    }
  }

  private final Connection connection;
  private final PreparedStatement person;
  private final PreparedStatement pregnancies;
  private final PreparedStatement children;
  private final PreparedStatement encounters;
  private final PreparedStatement findings;
  private final PreparedStatement records;
  private final PreparedStatement credits;
  private final PreparedStatement notices;
  private final PreparedStatement replies;

  FamilyRead(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(true);
    person =
        connection.prepareStatement(
            "SELECT id, municipality_id, family_name, given_name, birth_date, login_subject"
                + " FROM person WHERE login_subject = ?");
    pregnancies = connection.prepareStatement("SELECT * FROM pregnancy WHERE person_id = ?");
    children =
        connection.prepareStatement(
            "SELECT c.* FROM child c WHERE c.id IN"
                + " (SELECT child_id FROM guardianship WHERE person_id = ?)");
    encounters =
        connection.prepareStatement(
            "SELECT * FROM checkup_encounter WHERE pregnancy_id = ANY (?) OR child_id = ANY (?)");
    findings =
        connection.prepareStatement("SELECT * FROM checkup_finding WHERE encounter_id = ANY (?)");
    records =
        connection.prepareStatement(
            "SELECT * FROM immunization_record WHERE child_id = ANY (?) OR pregnancy_id = ANY"
                + " (?)");
    credits =
        connection.prepareStatement("SELECT * FROM immunization_credit WHERE record_id = ANY (?)");
    notices =
        connection.prepareStatement(
            "SELECT d.*, n.kind, n.title::text, n.sent_at, n.question IS NOT NULL,"
                + " n.reply_deadline FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
                + " WHERE d.person_id = ? AND d.channel = 'online'");
    // The current replies, by the only index on replies (notice, person; current ones): what the
    // inbox shows. Asked by person alone, PostgreSQL would read every reply of every municipality.
    replies =
        connection.prepareStatement(
            "SELECT * FROM notice_reply WHERE notice_id = ANY (?) AND person_id = ?"
                + " AND superseded_at IS NULL");
  }

  /** Reads the family of the guardian who logs in with that subject. */
  Rows read(String loginSubject) throws SQLException {
    person.setString(1, loginSubject);
    List<UUID> found = ids(person, 1);
    if (found.size() != 1) {
      throw new SQLException("No guardian logs in as " + loginSubject);
    }
    UUID personId = found.get(0);
    pregnancies.setObject(1, personId);
    List<UUID> pregnancyIds = ids(pregnancies, 1);
    children.setObject(1, personId);
    List<UUID> childIds = ids(children, 1);
    encounters.setArray(1, array(pregnancyIds));
    encounters.setArray(2, array(childIds));
    List<UUID> encounterIds = ids(encounters, 1);
    findings.setArray(1, array(encounterIds));
    long findingRows = ids(findings, 1).size();
    records.setArray(1, array(childIds));
    records.setArray(2, array(pregnancyIds));
    List<UUID> recordIds = ids(records, 1);
    credits.setArray(1, array(recordIds));
    long creditRows = ids(credits, 1).size();
    notices.setObject(1, personId);
    List<UUID> noticeIds = ids(notices, 1);
    long noticeRows = noticeIds.size();
    replies.setArray(1, array(noticeIds));
    replies.setObject(2, personId);
    long replyRows = ids(replies, 1).size();
    return new Rows(
        pregnancyIds.size(),
        childIds.size(),
        encounterIds.size(),
        findingRows,
        recordIds.size(),
        creditRows,
        noticeRows,
        replyRows);
  }

  private java.sql.Array array(List<UUID> ids) throws SQLException {
    return connection.createArrayOf("uuid", ids.toArray());
  }

  /** Runs the query, decodes every column of every row, and answers the UUIDs of one column. */
  private static List<UUID> ids(PreparedStatement statement, int column) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          rs.getObject(c);
        }
        ids.add(rs.getObject(column, UUID.class));
      }
    }
    return ids;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
