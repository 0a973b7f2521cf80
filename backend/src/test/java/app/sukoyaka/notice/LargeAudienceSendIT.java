package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A notice to a whole cohort: 20,000 guardians of four-month-olds, half of whom consented to online
 * delivery. Families are generated with set-based SQL; the send is one INSERT … SELECT and batched
 * pushes. The time is printed, not asserted (the benchmark is the place for figures).
 */
class LargeAudienceSendIT {
  private static final int FAMILIES = 20_000;

  @Test
  void aNoticeToTwentyThousandGuardiansIsSentInOneTransaction() {
    Personas.Municipality city = Personas.municipality();
    String staff = Tokens.staff(Personas.staffOf(city));
    UUID request = Personas.consentRequestOnRecord(city);
    String tag = "bulk:" + city.id() + ":";
    Db.update(
        "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at)"
            + " SELECT gen_random_uuid(), ?, '山田', '花子' || g, 'ヤマダ', 'ハナコ',"
            + " date '1992-01-01', 'female', ? || g, now() FROM generate_series(1, ?) g",
        city.id(),
        tag,
        FAMILIES);
    Db.update(
        "INSERT INTO child (id, municipality_id, handbook_number, family_name, given_name,"
            + " birth_date, sex, birth_order, created_at)"
            + " SELECT gen_random_uuid(), ?, 'B' || g, '山田', '太郎' || g,"
            + " current_date - interval '4 months', 'male', 1, now()"
            + " FROM generate_series(1, ?) g",
        city.id(),
        FAMILIES);
    // Fresh statistics: planned on the empty tables' estimates, the join below runs for minutes.
    Db.update("ANALYZE person, child");
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " SELECT p.id, c.id, 'mother', c.birth_date FROM person p JOIN child c"
            + " ON c.municipality_id = p.municipality_id"
            + " AND c.handbook_number = 'B' || split_part(p.login_subject, ':', 3)"
            + " WHERE p.municipality_id = ?",
        city.id());
    Db.update(
        "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
            + " text_version, notice_id, decided_at)"
            + " SELECT gen_random_uuid(), p.id, p.municipality_id, 'granted', '2026-04', ?,"
            + " now() - interval '1 day' FROM person p WHERE p.municipality_id = ?"
            + " AND split_part(p.login_subject, ':', 3)::int % 2 = 0",
        request, city.id());
    UUID audience =
        NoticeSteps.audience(
            staff, "{\"childAge\": {\"from\": {\"months\": 3}, \"under\": {\"months\": 6}}}");
    UUID notice = NoticeSteps.officialDraft(staff, audience);
    JsonNode counted = Http.get("/api/v1/notices/" + notice + "/recipient-count", staff).json();

    long started = System.nanoTime();
    Http.Response sent = NoticeSteps.send(staff, notice);
    long millis = (System.nanoTime() - started) / 1_000_000;

    System.out.printf(
        "Sent a notice to %,d guardians (%,d pushes queued) in %,d ms%n",
        FAMILIES, FAMILIES / 2, millis);
    assertThat(counted.path("total").asInt()).isEqualTo(FAMILIES);
    assertThat(counted.path("paper").asInt()).isEqualTo(FAMILIES / 2);
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    assertThat(sent.json().path("recipients").path("online").asInt()).isEqualTo(FAMILIES / 2);
    assertThat(Db.count("SELECT count(*) FROM notice_delivery WHERE notice_id = ?", notice))
        .isEqualTo(FAMILIES);
    assertThat(Db.count("SELECT count(*) FROM push_message WHERE subject_id = ?", notice))
        .isEqualTo(FAMILIES / 2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice_delivery d JOIN online_delivery_consent c"
                    + " ON c.person_id = d.person_id WHERE d.notice_id = ? AND d.channel = 'paper'",
                notice))
        .isZero();
  }
}
