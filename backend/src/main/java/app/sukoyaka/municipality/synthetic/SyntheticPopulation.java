package app.sukoyaka.municipality.synthetic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A municipality's families made up for the demo and the dashboard's benchmark, written with
 * set-based SQL (INSERT … SELECT over generate_series) so that 100,000 children take seconds, not
 * an hour of HTTP: children born over thirteen years with their mothers (and a third of fathers) in
 * eight areas, most using the app; the newborn hearing screening (a few refer) and the infant and
 * child checkups they are of age for (most attended; 要精密, 要経過観察 and a result for some), by clinics'
 * electronic reports or entered by hand weeks later; the routine vaccinations of the schedule as
 * diligent, late or absent families get them; 予診票 for some doses; pregnancies under way with their
 * 妊婦健診, the last year's births with the EPDS of the postpartum checkup; and a year of notices with
 * reads and replies.
 *
 * <p>Everything is random ({@code setseed} fixes the draws, not the ids); nothing here is a real
 * person. Plain JDBC on the caller's connection and transaction: the demo seeder and the benchmark
 * share it.
 */
public final class SyntheticPopulation {
  /** What was written. */
  public record Loaded(
      int children,
      long persons,
      long checkups,
      long findings,
      long vaccinations,
      long pregnancies,
      long notices,
      long deliveries) {}

  private SyntheticPopulation() {}

  /** How much of the families' records is written. */
  public enum Extent {
    /** Everything listed above. */
    FULL,
    /**
     * The families, their checkups and pregnancies, without vaccinations, 予診票 and notices: the
     * other municipalities of a large benchmark database, at a quarter of the size.
     */
    FAMILIES_AND_CHECKUPS
  }

  /** The routine doses and when families get them: months after birth, who is born for them. */
  private static final String SCHEDULE =
      "(VALUES "
          + "('HEPB','1',2,0.97,'2016-02-01'::date,'2100-01-01'::date),"
          + "('HEPB','2',3,0.96,'2016-02-01','2100-01-01'),"
          + "('HEPB','3',8,0.92,'2016-02-01','2100-01-01'),"
          + "('ROTA','1',2,0.93,'2020-06-01','2100-01-01'),"
          + "('ROTA','2',3,0.91,'2020-06-01','2100-01-01'),"
          + "('DPT_IPV_HIB','1',2,0.97,'2024-02-01','2100-01-01'),"
          + "('DPT_IPV_HIB','2',3,0.96,'2024-02-01','2100-01-01'),"
          + "('DPT_IPV_HIB','3',4,0.95,'2024-02-01','2100-01-01'),"
          + "('DPT_IPV_HIB','4',13,0.90,'2024-02-01','2100-01-01'),"
          + "('DPT_IPV','1',3,0.97,'1900-01-01','2024-02-01'),"
          + "('DPT_IPV','2',4,0.96,'1900-01-01','2024-02-01'),"
          + "('DPT_IPV','3',5,0.95,'1900-01-01','2024-02-01'),"
          + "('DPT_IPV','4',15,0.90,'1900-01-01','2024-02-01'),"
          + "('HIB','1',2,0.96,'1900-01-01','2024-02-01'),"
          + "('HIB','2',3,0.95,'1900-01-01','2024-02-01'),"
          + "('HIB','3',4,0.94,'1900-01-01','2024-02-01'),"
          + "('HIB','4',13,0.89,'1900-01-01','2024-02-01'),"
          + "('PCV','1',2,0.97,'1900-01-01','2100-01-01'),"
          + "('PCV','2',3,0.96,'1900-01-01','2100-01-01'),"
          + "('PCV','3',4,0.95,'1900-01-01','2100-01-01'),"
          + "('PCV','4',13,0.90,'1900-01-01','2100-01-01'),"
          + "('BCG','1',5,0.96,'1900-01-01','2100-01-01'),"
          + "('MR','1期',12,0.95,'1900-01-01','2100-01-01'),"
          + "('MR','2期',68,0.91,'1900-01-01','2100-01-01'),"
          + "('VAR','1',12,0.93,'1900-01-01','2100-01-01'),"
          + "('VAR','2',19,0.88,'1900-01-01','2100-01-01'),"
          + "('JE','1期初回1',37,0.84,'1900-01-01','2100-01-01'),"
          + "('JE','1期初回2',38,0.83,'1900-01-01','2100-01-01'),"
          + "('JE','1期追加',49,0.78,'1900-01-01','2100-01-01'),"
          + "('JE','2期',112,0.65,'1900-01-01','2100-01-01'),"
          + "('DT','2期',134,0.72,'1900-01-01','2100-01-01')"
          + ") AS s(vaccine, dose, months, p, born_from, born_to)";

  /** The infant and child checkups and their ages (as checkup-ages.json), and who attends. */
  private static final String CHECKUPS =
      "(VALUES ('infant-1-month',1,0.96),('infant-3-4-months',3,0.95),"
          + "('infant-6-7-months',6,0.90),('infant-9-10-months',9,0.91),"
          + "('child-18-months',18,0.93),('child-3-years',36,0.90)) AS k(kind, months, p)";

  /**
   * Writes the municipality's families, as of {@code today}, on the caller's connection (in its
   * transaction). The municipality must exist; its code names the synthetic clinic.
   *
   * @param seed between -1 and 1: the same seed gives the same families
   */
  public static Loaded load(
      Connection connection,
      UUID municipalityId,
      String municipalityCode,
      int children,
      LocalDate today,
      double seed)
      throws SQLException {
    return load(connection, municipalityId, municipalityCode, children, today, seed, Extent.FULL);
  }

  /** As {@link #load}, writing only what the extent says. */
  public static Loaded load(
      Connection connection,
      UUID municipalityId,
      String municipalityCode,
      int children,
      LocalDate today,
      double seed,
      Extent extent)
      throws SQLException {
    boolean full = extent == Extent.FULL;
    Map<String, Long> counts = new LinkedHashMap<>();
    run(connection, "SELECT setseed(?)", seed);
    // The fractional part of a number: several independent draws from one random() per row.
    run(
        connection,
        "CREATE OR REPLACE FUNCTION pg_temp.syn_frac(x double precision) RETURNS double precision"
            + " LANGUAGE sql IMMUTABLE AS 'SELECT x - floor(x)'");
    run(
        connection,
        "INSERT INTO municipal_area (municipality_id, code, name_ja, created_at, updated_at)"
            + " SELECT ?, 'A0' || n, '第' || n || '地区', now(), now()"
            + " FROM generate_series(1, 8) n ON CONFLICT DO NOTHING",
        municipalityId);
    // One clinic for the municipality's records, with its client and a pool of submissions that
    // the electronically reported records point to.
    UUID facility = UUID.randomUUID();
    String clientId =
        "synthetic-clinic-" + municipalityCode + "-" + facility.toString().substring(0, 8);
    run(
        connection,
        "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
            + " VALUES (?, lpad((floor(random() * 1e10))::bigint::text, 10, '0'),"
            + " 'すこやか小児科クリニック（架空）', 'clinic', now())",
        facility);
    run(
        connection,
        "INSERT INTO facility_contract (facility_id, municipality_id, valid_from)"
            + " VALUES (?, ?, ?::date - 5000)",
        facility,
        municipalityId,
        today);
    run(
        connection,
        "INSERT INTO clinic_client (client_id, facility_id, public_jwks, scopes, created_at)"
            + " VALUES (?, ?, '{\"keys\":[]}', 'system/Encounter.c system/Observation.c', now())",
        clientId,
        facility);
    run(
        connection,
        "CREATE TEMP TABLE syn_submission ON COMMIT DROP AS SELECT gen_random_uuid() AS id, n"
            + " FROM generate_series(1, 200) n");
    run(
        connection,
        "INSERT INTO raw_submission (id, client_id, facility_id, municipality_id, bundle_system,"
            + " bundle_value, payload_sha256, payload, response, received_at)"
            + " SELECT s.id, ?, ?, ?, 'urn:ietf:rfc:3986', 'urn:uuid:' || s.id,"
            + " md5(s.id::text) || md5(s.id::text || 'x'), '{\"resourceType\":\"Bundle\"}', '{}',"
            + " now() FROM syn_submission s",
        clientId,
        facility,
        municipalityId);

    // Children and their mothers (and fathers for a third).
    run(
        connection,
        "CREATE TEMP TABLE syn_child ON COMMIT DROP AS SELECT gen_random_uuid() AS id,"
            + " gen_random_uuid() AS mother, CASE WHEN random() < 0.33 THEN gen_random_uuid() END"
            + " AS father, ?::date - (random() * 4745)::int AS birth_date, n,"
            + " 'A0' || (1 + floor(random() * 8)::int) AS area, random() AS diligence,"
            + " random() < 0.74 AS app FROM generate_series(1, ?) n",
        today,
        children);
    run(connection, "ANALYZE syn_child");
    counts.put(
        "persons",
        run(
            connection,
            "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
                + " given_name_kana, birth_date, sex, login_subject, area_code, created_at)"
                + " SELECT c.mother, ?, (ARRAY['佐藤','鈴木','高橋','田中','伊藤','渡辺','山本',"
                + "'中村','小林','加藤'])[1 + c.n % 10], (ARRAY['花子','優子','美咲','陽菜','結衣',"
                + "'葵','さくら','真央'])[1 + (c.n / 10) % 8], (ARRAY['サトウ','スズキ','タカハシ',"
                + "'タナカ','イトウ','ワタナベ','ヤマモト','ナカムラ','コバヤシ','カトウ'])[1 + c.n % 10],"
                + " (ARRAY['ハナコ','ユウコ','ミサキ','ヒナ','ユイ','アオイ','サクラ','マオ'])"
                + "[1 + (c.n / 10) % 8], c.birth_date - (9000 + (random() * 4000)::int), 'female',"
                + " CASE WHEN c.app THEN 'syn-' || c.mother END, c.area, now() FROM syn_child c",
            municipalityId));
    counts.merge(
        "persons",
        run(
            connection,
            "INSERT INTO person (id, municipality_id, family_name, given_name, birth_date, sex,"
                + " login_subject, area_code, created_at) SELECT c.father, ?, '父', '太郎',"
                + " c.birth_date - 11000, 'male', CASE WHEN random() < 0.4 THEN 'syn-' || c.father"
                + " END, c.area, now() FROM syn_child c WHERE c.father IS NOT NULL",
            municipalityId),
        Long::sum);
    run(
        connection,
        "INSERT INTO child (id, municipality_id, handbook_number, family_name, given_name,"
            + " family_name_kana, given_name_kana, birth_date, sex, birth_order, created_at)"
            + " SELECT c.id, ?, 'S' || ? || '-' || lpad(c.n::text, 7, '0'), (ARRAY['佐藤','鈴木',"
            + "'高橋','田中','伊藤','渡辺','山本','中村','小林','加藤'])[1 + c.n % 10],"
            + " (ARRAY['蓮','陽翔','湊','蒼','結菜','陽葵','凛','芽依'])[1 + (c.n / 7) % 8],"
            + " (ARRAY['サトウ','スズキ','タカハシ','タナカ','イトウ','ワタナベ','ヤマモト','ナカムラ',"
            + "'コバヤシ','カトウ'])[1 + c.n % 10], (ARRAY['レン','ハルト','ミナト','アオイ','ユイナ',"
            + "'ヒマリ','リン','メイ'])[1 + (c.n / 7) % 8], c.birth_date,"
            + " CASE WHEN c.n % 2 = 0 THEN 'female' ELSE 'male' END, 1, now() FROM syn_child c",
        municipalityId,
        municipalityCode);
    run(
        connection,
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " SELECT c.mother, c.id, 'mother', c.birth_date FROM syn_child c"
            + " UNION ALL SELECT c.father, c.id, 'father', c.birth_date FROM syn_child c"
            + " WHERE c.father IS NOT NULL");

    // Checkups: the newborn hearing screening, then each checkup of age, most reported by the
    // clinic within days, some entered by hand weeks later.
    run(
        connection,
        "CREATE TEMP TABLE syn_encounter ON COMMIT DROP AS"
            + " SELECT gen_random_uuid() AS id, c.id AS child_id, 'newborn-screening' AS kind,"
            + " c.birth_date + 3 AS visit_date, random() AS r, c.diligence"
            + " FROM syn_child c WHERE c.birth_date + 3 <= ?"
            + " UNION ALL SELECT gen_random_uuid(), c.id, k.kind,"
            + " LEAST((c.birth_date + make_interval(months => k.months))::date"
            + " + (random() * 40)::int, ?::date), random(), c.diligence"
            + " FROM syn_child c CROSS JOIN "
            + CHECKUPS
            + " WHERE (c.birth_date + make_interval(months => k.months))::date <= ?"
            + " AND random() < k.p + (c.diligence - 0.5) * 0.1",
        today,
        today,
        today);
    run(connection, "ANALYZE syn_encounter");
    counts.put(
        "checkups",
        run(
            connection,
            "INSERT INTO checkup_encounter (id, municipality_id, kind, child_id, facility_id,"
                + " visit_date, submission_id, recorded_at, encounter_class)"
                + " SELECT e.id, ?, e.kind, e.child_id, ?, e.visit_date,"
                + " s.id,"
                + " LEAST((e.visit_date + CASE WHEN e.r < 0.8 THEN (e.r * 4)::int"
                + " ELSE 14 + ((e.r - 0.8) * 500)::int END)::timestamp + interval '10 hours',"
                + " ?::timestamp) AT TIME ZONE 'Asia/Tokyo',"
                + " CASE WHEN e.kind = 'newborn-screening' THEN 'IMP' ELSE 'AMB' END"
                + " FROM syn_encounter e LEFT JOIN syn_submission s ON e.r < 0.8"
                + " AND s.n = 1 + (abs(hashtext(e.id::text)) % 200)",
            municipalityId,
            facility,
            today.plusDays(1).atStartOfDay()));
    // The overall judgement of every child checkup; a result for about 60% of 要精密.
    counts.put(
        "findings",
        run(
            connection,
            "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
                + " item_code, value_type, code_system, code_value)"
                + " SELECT gen_random_uuid(), e.id, ?, gen_random_uuid(), 'overall-judgement',"
                + " 'coded', 'https://sukoyaka.app/fhir/CodeSystem/judgement', CASE"
                + " WHEN pg_temp.syn_frac(e.r * 100) < 0.85 THEN 'no-abnormality'"
                + " WHEN pg_temp.syn_frac(e.r * 100) < 0.93 THEN 'observation'"
                + " WHEN pg_temp.syn_frac(e.r * 100) < 0.97 THEN 'detailed-examination'"
                + " WHEN pg_temp.syn_frac(e.r * 100) < 0.99 THEN 'under-treatment' ELSE 'treatment' END"
                + " FROM syn_encounter e WHERE e.kind <> 'newborn-screening'",
            municipalityId));
    counts.merge(
        "findings",
        run(
            connection,
            "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
                + " item_code, value_type, code_system, code_value)"
                + " SELECT gen_random_uuid(), e.id, ?, gen_random_uuid(), 'follow-up-result',"
                + " 'coded', 'https://sukoyaka.app/fhir/CodeSystem/follow-up-result',"
                + " (ARRAY['no-abnormality','observation','treatment'])[1 + (e.r * 1000)::int % 3]"
                + " FROM syn_encounter e WHERE e.kind <> 'newborn-screening'"
                + " AND pg_temp.syn_frac(e.r * 100) >= 0.93 AND pg_temp.syn_frac(e.r * 100) < 0.97 AND pg_temp.syn_frac(e.r * 10) < 0.6",
            municipalityId),
        Long::sum);
    // Newborn hearing: both ears at the first test; a refer (1.5%) is tested again, and 30% of
    // those refer again.
    counts.merge(
        "findings",
        run(
            connection,
            "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
                + " item_code, value_type, code_system, code_value)"
                + " SELECT gen_random_uuid(), e.id, ?, gen_random_uuid(), t.item, 'coded',"
                + " 'https://sukoyaka.app/fhir/CodeSystem/hearing-screening-result',"
                + " CASE WHEN t.stage = 1 AND t.ear = 'right' AND e.r < 0.015 THEN 'refer'"
                + " WHEN t.stage = 2 AND t.ear = 'right' AND e.r < 0.0045 THEN 'refer'"
                + " ELSE 'pass' END FROM syn_encounter e CROSS JOIN (VALUES"
                + " ('hearing-first-right', 1, 'right'), ('hearing-first-left', 1, 'left'),"
                + " ('hearing-confirmatory-right', 2, 'right'), ('hearing-confirmatory-left', 2,"
                + " 'left')) AS t(item, stage, ear)"
                + " WHERE e.kind = 'newborn-screening' AND (t.stage = 1 OR e.r < 0.015)",
            municipalityId),
        Long::sum);

    if (full) {
      // Vaccinations: each dose of the schedule the child was born for and is old enough for,
      // given to the diligent (diligence under the dose's share), a little after the usual age.
      run(
          connection,
          "CREATE TEMP TABLE syn_dose ON COMMIT DROP AS SELECT gen_random_uuid() AS id,"
              + " c.id AS child_id, s.vaccine, s.dose, LEAST((c.birth_date"
              + " + make_interval(months => s.months))::date + (random() * 45 * (1 + c.diligence))::int,"
              + " ?::date) AS given, random() AS r FROM syn_child c CROSS JOIN "
              + SCHEDULE
              + " WHERE c.birth_date >= s.born_from AND c.birth_date < s.born_to"
              + " AND (c.birth_date + make_interval(months => s.months))::date <= ?"
              + " AND c.diligence < s.p",
          today,
          today);
      counts.put(
          "vaccinations",
          run(
              connection,
              "INSERT INTO immunization_record (id, municipality_id, child_id, occurrence_date,"
                  + " vaccine_system, vaccine_code, vaccine_kind, dose_label, routine, source,"
                  + " verification, verified_by, verified_at, facility_id, recorded_by_role,"
                  + " recorded_by, recorded_at, updated_at)"
                  + " SELECT d.id, ?, d.child_id, d.given,"
                  + " 'https://sukoyaka.app/fhir/CodeSystem/vaccine-kind', d.vaccine, d.vaccine,"
                  + " d.dose, true, CASE WHEN d.r < 0.9 THEN 'clinic' ELSE 'municipal' END,"
                  + " 'verified', 'synthetic', x.at, CASE WHEN d.r < 0.9 THEN ?::uuid END,"
                  + " CASE WHEN d.r < 0.9 THEN 'clinic' ELSE 'staff' END, 'synthetic', x.at, x.at"
                  + " FROM syn_dose d CROSS JOIN LATERAL (SELECT (LEAST((d.given + CASE WHEN d.r < 0.9"
                  + " THEN (d.r * 3)::int ELSE 20 + (d.r * 400)::int % 60 END)::timestamp"
                  + " + interval '11 hours', ?::timestamp) AT TIME ZONE 'Asia/Tokyo') AS at) x",
              municipalityId,
              facility,
              today.plusDays(1).atStartOfDay()));
      run(
          connection,
          "INSERT INTO immunization_credit (record_id, municipality_id, child_id, vaccine,"
              + " dose_label) SELECT d.id, ?, d.child_id, d.vaccine, d.dose FROM syn_dose d",
          municipalityId);
      // The digital 予診票 for about 45% of the last two years' clinic doses, before the day.
      run(
          connection,
          "INSERT INTO prescreening (id, municipality_id, child_id, vaccine, dose_label,"
              + " planned_date, questionnaire, questionnaire_version, answers,"
              + " questionnaire_response, answered_by, answered_at, created_at)"
              + " SELECT gen_random_uuid(), ?, d.child_id, d.vaccine, d.dose,"
              + " d.given - (d.r * 10)::int % 3, 'https://sukoyaka.app/fhir/Questionnaire/"
              + "vaccination-prescreening|0.2.0', '2026.1.0', '{}', '{}', 'synthetic',"
              + " (d.given - 3)::timestamp AT TIME ZONE 'Asia/Tokyo', (d.given - 3)::timestamp"
              + " AT TIME ZONE 'Asia/Tokyo' FROM syn_dose d WHERE d.given >= ?::date - 730"
              + " AND d.r < 0.9 AND pg_temp.syn_frac(d.r * 7) < 0.45",
          municipalityId,
          today);
    }
    // Pregnancies: the last year's births (delivered, with the EPDS of the 2-week postpartum
    // checkup) and about 6 per 100 children under way, with their 妊婦健診 every four weeks or so.
    run(
        connection,
        "CREATE TEMP TABLE syn_pregnancy ON COMMIT DROP AS"
            + " SELECT gen_random_uuid() AS id, c.mother AS person, 'delivered' AS status,"
            + " c.birth_date AS edd, c.n, random() AS r FROM syn_child c"
            + " WHERE c.birth_date > ?::date - 365 AND c.birth_date + 14 <= ?"
            + " UNION ALL SELECT gen_random_uuid(), gen_random_uuid(), 'active',"
            + " ?::date - 7 + (random() * 260)::int, n, random()"
            + " FROM generate_series(1, GREATEST(1, ? * 6 / 100)) n",
        today,
        today,
        today,
        children);
    run(
        connection,
        "INSERT INTO person (id, municipality_id, family_name, given_name, birth_date, sex,"
            + " login_subject, area_code, created_at) SELECT p.person, ?, '妊婦', '花',"
            + " ?::date - 11000, 'female', CASE WHEN p.r < 0.8 THEN 'syn-' || p.person END,"
            + " 'A0' || (1 + floor(p.r * 8)::int), now() FROM syn_pregnancy p"
            + " WHERE p.status = 'active'",
        municipalityId,
        today);
    counts.put(
        "pregnancies",
        run(
            connection,
            "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
                + " handbook_issued_on, expected_delivery_date, status, created_at)"
                + " SELECT p.id, ?, p.person, 'P' || ? || '-' || p.status || '-' || p.n,"
                + " LEAST(p.edd - 280 + 63, ?::date), p.edd, p.status, now() FROM syn_pregnancy p",
            municipalityId,
            municipalityCode,
            today));
    run(
        connection,
        "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, facility_id,"
            + " visit_date, submission_id, recorded_at)"
            + " SELECT gen_random_uuid(), ?, 'prenatal', p.id, ?, v.day, NULL,"
            + " (v.day + 1)::timestamp AT TIME ZONE 'Asia/Tokyo' FROM syn_pregnancy p"
            + " CROSS JOIN LATERAL (SELECT p.edd - 280 + 70 + w * 28 + (random() * 6)::int AS day"
            + " FROM generate_series(0, 9) w) v WHERE p.status = 'active' AND v.day < ?"
            + " AND random() < 0.93",
        municipalityId,
        facility,
        today);
    run(
        connection,
        "CREATE TEMP TABLE syn_postpartum ON COMMIT DROP AS SELECT gen_random_uuid() AS id, p.id"
            + " AS pregnancy_id, p.edd + 14 AS day, p.r FROM syn_pregnancy p"
            + " WHERE p.status = 'delivered' AND p.r < 0.9");
    run(
        connection,
        "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, facility_id,"
            + " visit_date, submission_id, recorded_at) SELECT e.id, ?, 'postpartum-2-weeks',"
            + " e.pregnancy_id, ?, e.day, NULL, (e.day + 2)::timestamp AT TIME ZONE"
            + " 'Asia/Tokyo' FROM syn_postpartum e",
        municipalityId,
        facility);
    counts.merge(
        "findings",
        run(
            connection,
            "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
                + " item_code, value_type, integer_value)"
                + " SELECT gen_random_uuid(), e.id, ?, gen_random_uuid(), 'epds-total-score',"
                + " 'integer', CASE WHEN e.r < 0.11 THEN 9 + (e.r * 1000)::int % 12"
                + " ELSE (e.r * 977)::int % 9 END FROM syn_postpartum e"
                + " UNION ALL SELECT gen_random_uuid(), e.id, ?, gen_random_uuid(), 'epds-item-10',"
                + " 'integer', CASE WHEN pg_temp.syn_frac(e.r * 31) < 0.02 THEN 1 ELSE 0 END"
                + " FROM syn_postpartum e",
            municipalityId,
            municipalityId),
        Long::sum);

    if (full) {
      // Online-delivery consent: a consent request a year ago, answered yes by most mothers using
      // the app (their notices then reach them online; the others get them on paper).
      UUID consent = UUID.randomUUID();
      run(
          connection,
          "INSERT INTO notice (id, municipality_id, kind, status, title, body, question,"
              + " reply_deadline, reply_policy, consent_text_version, created_by, created_at,"
              + " updated_by, updated_at, sent_by, sent_at, online_count, paper_count)"
              + " SELECT ?, ?, 'consent_request', 'sent', '{\"ja\":\"お知らせをアプリで受け取ることへの同意\"}',"
              + " '{\"ja\":\"市からのお知らせをアプリで受け取ることに同意しますか。\"}',"
              + " '{\"type\":\"single_choice\",\"prompt\":{\"ja\":\"同意しますか\"},"
              + "\"options\":[{\"code\":\"yes\",\"label\":{\"ja\":\"同意する\"}},"
              + "{\"code\":\"no\",\"label\":{\"ja\":\"同意しない\"}}],\"dates\":[]}',"
              + " x.at + interval '30 days', 'changeable', '2025-04', 'synthetic', x.at, 'synthetic',"
              + " x.at, 'synthetic', x.at, (SELECT count(*) FROM syn_child WHERE app), 0"
              + " FROM (SELECT ((?::date - 400)::timestamp + interval '9 hours')"
              + " AT TIME ZONE 'Asia/Tokyo' AS at) x",
          consent,
          municipalityId,
          today);
      run(
          connection,
          "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel, read_at)"
              + " SELECT ?, c.mother, ?, 'online', ((?::date - 399)::timestamp) AT TIME ZONE"
              + " 'Asia/Tokyo' FROM syn_child c WHERE c.app",
          consent,
          municipalityId,
          today);
      run(
          connection,
          "CREATE TEMP TABLE syn_consent ON COMMIT DROP AS SELECT c.mother AS person,"
              + " random() < 0.92 AS yes FROM syn_child c WHERE c.app");
      run(
          connection,
          "INSERT INTO notice_reply (id, notice_id, person_id, municipality_id, choices,"
              + " answered_at) SELECT gen_random_uuid(), ?, s.person, ?, ARRAY[CASE WHEN s.yes"
              + " THEN 'yes' ELSE 'no' END], ((?::date - 399)::timestamp) AT TIME ZONE 'Asia/Tokyo'"
              + " FROM syn_consent s",
          consent,
          municipalityId,
          today);
      run(
          connection,
          "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
              + " text_version, notice_id, decided_at) SELECT gen_random_uuid(), s.person, ?,"
              + " CASE WHEN s.yes THEN 'granted' ELSE 'refused' END, '2025-04', ?,"
              + " ((?::date - 399)::timestamp) AT TIME ZONE 'Asia/Tokyo' FROM syn_consent s",
          municipalityId,
          consent,
          today);

      // A year of notices to about a quarter of the mothers: online to those using the app (most
      // read them), on paper to the others; every third asks a question, half answer.
      run(
          connection,
          "CREATE TEMP TABLE syn_notice ON COMMIT DROP AS SELECT gen_random_uuid() AS id, m,"
              + " ((?::date - 30 * m)::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Tokyo'"
              + " AS sent_at, m % 3 = 0 AS question FROM generate_series(0, 11) m",
          today);
      run(
          connection,
          "CREATE TEMP TABLE syn_delivery ON COMMIT DROP AS SELECT n.id AS notice_id,"
              + " c.mother AS person_id, c.id AS child_id, CASE WHEN s.yes THEN 'online'"
              + " ELSE 'paper' END AS channel, CASE WHEN s.yes AND random() < 0.7 THEN"
              + " n.sent_at + (random() * 5) * interval '1 day' END AS read_at FROM syn_notice n"
              + " JOIN syn_child c ON (c.n + n.m) % 4 = 0"
              + " LEFT JOIN syn_consent s ON s.person = c.mother");
      // A sent notice never changes: it is written with the counts of its deliveries.
      counts.put(
          "notices",
          run(
              connection,
              "INSERT INTO notice (id, municipality_id, kind, status, title, body, question,"
                  + " reply_deadline, reply_policy, paper_after_days, created_by, created_at,"
                  + " updated_by, updated_at, sent_by, sent_at, online_count, paper_count)"
                  + " SELECT n.id, ?, 'official', 'sent', jsonb_build_object('ja',"
                  + " '子育て講座のご案内（' || (n.m + 1) || '）'), jsonb_build_object('ja',"
                  + " '保健センターで子育て講座を開きます。'), CASE WHEN n.question THEN"
                  + " '{\"type\":\"single_choice\",\"prompt\":{\"ja\":\"参加しますか\"},"
                  + "\"options\":[{\"code\":\"yes\",\"label\":{\"ja\":\"参加する\"}},"
                  + "{\"code\":\"no\",\"label\":{\"ja\":\"参加しない\"}}],\"dates\":[]}'::jsonb END,"
                  + " CASE WHEN n.question THEN n.sent_at + interval '14 days' END,"
                  + " CASE WHEN n.question THEN 'once' END, 14, 'synthetic', n.sent_at, 'synthetic',"
                  + " n.sent_at, 'synthetic', n.sent_at,"
                  + " (SELECT count(*) FROM syn_delivery d WHERE d.notice_id = n.id"
                  + " AND d.channel = 'online'), (SELECT count(*) FROM syn_delivery d"
                  + " WHERE d.notice_id = n.id AND d.channel = 'paper') FROM syn_notice n",
              municipalityId));
      counts.put(
          "deliveries",
          run(
              connection,
              "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel,"
                  + " child_ids, read_at) SELECT d.notice_id, d.person_id, ?, d.channel,"
                  + " ARRAY[d.child_id], d.read_at FROM syn_delivery d",
              municipalityId));
      run(
          connection,
          "INSERT INTO notice_reply (id, notice_id, person_id, municipality_id, choices,"
              + " answered_at) SELECT gen_random_uuid(), d.notice_id, d.person_id, ?,"
              + " ARRAY[CASE WHEN random() < 0.6 THEN 'yes' ELSE 'no' END], d.read_at"
              + " FROM notice_delivery d JOIN syn_notice n ON n.id = d.notice_id"
              + " WHERE n.question AND d.read_at IS NOT NULL AND random() < 0.5",
          municipalityId);
    }
    // The working tables go now, so that one transaction can load several municipalities.
    run(
        connection,
        "DROP TABLE syn_submission, syn_child, syn_encounter, syn_pregnancy, syn_postpartum"
            + (full ? ", syn_dose, syn_consent, syn_notice, syn_delivery" : ""));
    return new Loaded(
        children,
        counts.getOrDefault("persons", 0L),
        counts.getOrDefault("checkups", 0L),
        counts.getOrDefault("findings", 0L),
        counts.getOrDefault("vaccinations", 0L),
        counts.getOrDefault("pregnancies", 0L),
        counts.getOrDefault("notices", 0L),
        counts.getOrDefault("deliveries", 0L));
  }

  private static long run(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      if (statement.execute()) {
        return 0;
      }
      return statement.getUpdateCount();
    }
  }
}
