package app.sukoyaka.phr;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The kinds of records the download holds today, one bean each. Each reads its rows with one
 * statement; times are ISO 8601 in UTC, dates as they are.
 */
final class Contributions {
  private Contributions() {}

  /** A {@code uuid[]} parameter. */
  private record UuidArray(Collection<UUID> ids) {}

  private static List<List<String>> query(JdbcOperations jdbc, String sql, Object... parameters) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof UuidArray ids) {
              statement.setArray(
                  i + 1, statement.getConnection().createArrayOf("uuid", ids.ids().toArray()));
            } else {
              statement.setObject(i + 1, p);
            }
          }
          List<List<String>> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
              List<String> row = new ArrayList<>();
              for (int c = 1; c <= meta.getColumnCount(); c++) {
                Object value = rs.getObject(c);
                row.add(text(value));
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    if (value instanceof java.sql.Array array) {
      try {
        Object[] items = (Object[]) array.getArray();
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
          parts.add(String.valueOf(item));
        }
        return String.join(" ", parts);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return value.toString();
  }

  private static List<PersonalDataContribution.Column> described(String... pairs) {
    List<PersonalDataContribution.Column> columns = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      columns.add(new PersonalDataContribution.Column(pairs[i], pairs[i + 1]));
    }
    return List.copyOf(columns);
  }

  @Singleton
  static class Family implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    Family(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "family";
    }

    @Override
    public String description() {
      return "You, your children and your pregnancies as the municipality recorded them.";
    }

    @Override
    public List<Column> columns() {
      return described(
          "record", "person (you), child or pregnancy",
          "id", "the record's id",
          "municipality_code", "全国地方公共団体コード of the municipality",
          "handbook_number", "母子健康手帳 交付番号",
          "family_name", "family name (漢字)",
          "given_name", "given name (漢字)",
          "family_name_kana", "family name (カナ)",
          "given_name_kana", "given name (カナ)",
          "date", "date of birth; for a pregnancy the expected delivery date",
          "sex", "female, male, other or unknown",
          "status", "for a pregnancy: active, delivered or ended",
          "relationship", "for a child: how you are its guardian (mother, father, other)",
          "shared_by_invitation", "true when you see it through an invitation",
          "fetus_count", "for a pregnancy: the number of fetuses",
          "handbook_issued_on", "for a pregnancy: the day its handbook was issued");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT 'person', p.id, m.code, NULL, p.family_name, p.given_name, p.family_name_kana,"
              + " p.given_name_kana, p.birth_date, p.sex, NULL, NULL, NULL, NULL, NULL FROM person p"
              + " JOIN municipality m ON m.id = p.municipality_id WHERE p.id = ?"
              + " UNION ALL SELECT 'child', c.id, m.code, c.handbook_number, c.family_name,"
              + " c.given_name, c.family_name_kana, c.given_name_kana, c.birth_date, c.sex, NULL,"
              + " g.relationship, (g.invitation_id IS NOT NULL)::text, NULL, NULL FROM child c"
              + " JOIN municipality m ON m.id = c.municipality_id"
              + " LEFT JOIN guardianship g ON g.child_id = c.id AND g.person_id = ?"
              + " WHERE c.id = ANY (?)"
              + " UNION ALL SELECT 'pregnancy', pr.id, m.code, pr.handbook_number, NULL, NULL,"
              + " NULL, NULL, pr.expected_delivery_date, NULL, pr.status, NULL,"
              + " (pr.person_id <> ?)::text, pr.fetus_count::text,"
              + " pr.handbook_issued_on::text FROM pregnancy pr"
              + " JOIN municipality m ON m.id = pr.municipality_id WHERE pr.id = ANY (?)",
          scope.personId(),
          scope.personId(),
          new UuidArray(scope.childIds()),
          scope.personId(),
          new UuidArray(scope.pregnancyIds()));
    }
  }

  @Singleton
  static class Checkups implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    Checkups(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "checkups";
    }

    @Override
    public String description() {
      return "Every finding of every checkup of your children and pregnancies, one row each.";
    }

    @Override
    public boolean clinical() {
      return true;
    }

    @Override
    public List<Column> columns() {
      return described(
          "checkup_id", "the checkup (FHIR Encounter id)",
          "child_id", "the child, when it is a child's checkup",
          "pregnancy_id", "the pregnancy, when it is a pregnancy's checkup",
          "kind", "the checkup kind (prenatal, infant-1-month, ...)",
          "visit_date", "the day of the visit",
          "facility", "the clinic or hospital, or where the municipality held the checkup",
          "item_code", "the finding's catalog item code",
          "value", "the value as recorded",
          "unit", "the unit of a measured value (UCUM)",
          "code_system", "the code system of a coded value",
          "recorded_as",
              "Observation (a finding), or QuestionnaireResponse (an answer to a questionnaire,"
                  + " such as the EPDS of a postnatal checkup)",
          "questionnaire", "the questionnaire the item belongs to (the EPDS), with its version",
          "question", "the question answered (its linkId in the questionnaire, 1 to 10)",
          "answered_at", "when the questionnaire was answered, for an answer");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT e.id, COALESCE(f.child_id, e.child_id), e.pregnancy_id, e.kind, e.visit_date,"
              + " COALESCE(fa.name, e.performer_name), f.item_code,"
              + " COALESCE(f.quantity_value::text, f.code_value,"
              + " f.boolean_value::text, f.string_value, f.date_value::text,"
              + " f.integer_value::text, f.datetime_value::text), f.quantity_unit, f.code_system,"
              + " f.resource_type,"
              // The EPDS's ten items and its total belong to the questionnaire, answered or summed.
              + " CASE WHEN f.item_code LIKE 'epds-%' THEN ? END,"
              + " CASE WHEN f.item_code LIKE 'epds-item-%'"
              + " THEN substr(f.item_code, length('epds-item-') + 1) END,"
              + " f.authored_at"
              + " FROM checkup_encounter e LEFT JOIN facility fa ON fa.id = e.facility_id"
              + " JOIN checkup_finding f ON f.encounter_id = e.id"
              + " WHERE e.child_id = ANY (?) OR e.pregnancy_id = ANY (?)"
              + " ORDER BY e.visit_date, e.id, f.item_code",
          app.sukoyaka.profiles.SukoyakaCanonicals.EPDS_QUESTIONNAIRE,
          new UuidArray(scope.childIds()),
          new UuidArray(scope.pregnancyIds()));
    }
  }

  @Singleton
  static class Immunizations implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    Immunizations(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "immunizations";
    }

    @Override
    public String description() {
      return "Every vaccination of your children and pregnancies, with its source and whether"
          + " it is verified.";
    }

    @Override
    public boolean clinical() {
      return true;
    }

    @Override
    public List<Column> columns() {
      return described(
          "immunization_id", "the record (FHIR Immunization id)",
          "child_id", "the child vaccinated, when a child",
          "pregnancy_id", "the pregnancy, when the pregnant person was vaccinated",
          "occurrence_date", "the day of the vaccination",
          "vaccine_code", "the vaccine as coded by the source",
          "vaccine_display", "the vaccine's name",
          "vaccine_kind", "the routine schedule's vaccine kind, when it maps to one",
          "dose", "the dose as recorded (1, 2期, ...)",
          "routine", "true for a routine (定期) vaccination",
          "source", "clinic, municipal, parent, transfer, my_portal or abroad",
          "verification", "verified, unverified or rejected",
          "status", "completed or entered-in-error",
          "lot_number", "the vaccine's lot number");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT id, child_id, pregnancy_id, occurrence_date, vaccine_code, vaccine_display,"
              + " vaccine_kind, dose_label, routine, source, verification, status, lot_number"
              + " FROM immunization_record WHERE child_id = ANY (?) OR pregnancy_id = ANY (?)"
              + " ORDER BY occurrence_date, id",
          new UuidArray(scope.childIds()),
          new UuidArray(scope.pregnancyIds()));
    }
  }

  @Singleton
  static class Notices implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    Notices(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "notices";
    }

    @Override
    public String description() {
      return "Notices the municipality sent you, when they arrived and were read, and your"
          + " replies.";
    }

    @Override
    public List<Column> columns() {
      return described(
          "notice_id", "the notice",
          "title_ja", "its title in Japanese",
          "channel", "online (in the app) or paper",
          "arrived_at", "when it reached you (sent)",
          "read_at", "when you first opened it in the app",
          "reply_choices", "your reply's choices, if it asked a question",
          "reply_date", "your reply's date",
          "reply_text", "your reply's text",
          "replied_at", "when you replied",
          "reply_superseded_at", "when you changed this reply (an earlier reply)");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT d.notice_id, n.title ->> 'ja', d.channel, n.sent_at, d.read_at,"
              + " r.choices, r.date_answer, r.text_answer, r.answered_at, r.superseded_at"
              + " FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
              + " LEFT JOIN notice_reply r ON r.notice_id = d.notice_id"
              + " AND r.person_id = d.person_id WHERE d.person_id = ?"
              + " ORDER BY n.sent_at, d.notice_id, r.answered_at",
          scope.personId());
    }
  }

  @Singleton
  static class Consents implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    Consents(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "consents";
    }

    @Override
    public String description() {
      return "Your decisions on receiving notices in the app, oldest first.";
    }

    @Override
    public List<Column> columns() {
      return described(
          "decision", "granted, refused or withdrawn",
          "text_version", "the version of the consent text you answered",
          "notice_id", "the consent request you answered",
          "decided_at", "when");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT decision, text_version, notice_id, decided_at FROM online_delivery_consent"
              + " WHERE person_id = ? ORDER BY decided_at, id",
          scope.personId());
    }
  }

  @Singleton
  static class NotificationSettings implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    NotificationSettings(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "notification-settings";
    }

    @Override
    public String description() {
      return "Your notification settings; no row when you never changed the defaults.";
    }

    @Override
    public List<Column> columns() {
      return described(
          "language", "the language of pushes and reminders",
          "quiet_start", "quiet hours start (Japan time)",
          "quiet_end", "quiet hours end (Japan time)",
          "reminders_off", "reminder kinds you switched off",
          "updated_at", "when you last changed them");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT language, quiet_start, quiet_end, reminders_off, updated_at"
              + " FROM notification_preference WHERE person_id = ?",
          scope.personId());
    }
  }

  @Singleton
  static class Devices implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    Devices(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "devices";
    }

    @Override
    public String description() {
      return "The phones you registered for push, including removed ones.";
    }

    @Override
    public List<Column> columns() {
      return described(
          "device_id", "the device",
          "platform", "ios, android or web",
          "locale", "the app's locale",
          "app_version", "the app's version",
          "registered_at", "when it was registered",
          "removed_at", "when it was removed",
          "removed_reason", "why it was removed");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT id, platform, locale, app_version, registered_at, removed_at, removed_reason"
              + " FROM push_device WHERE person_id = ? ORDER BY registered_at, id",
          scope.personId());
    }
  }

  @Singleton
  static class SharingLog implements PersonalDataContribution {
    private final JdbcOperations jdbc;

    SharingLog(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "sharing-log";
    }

    @Override
    public String description() {
      return "Every change of how your family's handbooks are shared.";
    }

    @Override
    public List<Column> columns() {
      return described(
          "event",
              "invited, accepted, attempt_refused, locked, cancelled, revoked, left or"
                  + " account_deleted",
          "actor", "inviter, invitee, someone or system",
          "occurred_at", "when",
          "invitation_id", "the invitation",
          "inviter", "who invited",
          "invitee", "who accepted",
          "child_ids", "the children concerned",
          "pregnancy_ids", "the pregnancies concerned");
    }

    @Override
    public List<List<String>> rows(Scope scope) {
      return query(
          jdbc,
          "SELECT e.event, e.actor, e.occurred_at, e.invitation_id,"
              + " ir.family_name || ' ' || ir.given_name, ie.family_name || ' ' || ie.given_name,"
              + " e.child_ids, e.pregnancy_ids FROM family_sharing_event e"
              + " LEFT JOIN person ir ON ir.id = e.inviter_person_id"
              + " LEFT JOIN person ie ON ie.id = e.invitee_person_id"
              + " WHERE e.inviter_person_id = ? OR e.invitee_person_id = ?"
              + " OR e.child_ids && ? OR e.pregnancy_ids && ? ORDER BY e.occurred_at, e.seq",
          scope.personId(),
          scope.personId(),
          new UuidArray(scope.childIds()),
          new UuidArray(scope.pregnancyIds()));
    }
  }
}
