package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The findings table after V0004 on real PostgreSQL: one typed row per catalog item, the value in
 * the column its type names (now also integer and datetime), text only with strings and coded
 * answers, the EPDS answers' authored time only on them; a newborn may have no name yet.
 */
class FindingTableIT {
  private Personas.Municipality town;
  private Personas.Mother mother;
  private UUID encounter;

  @BeforeEach
  void aPostpartumCheckupIsStored() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    Personas.Clinic clinic = Personas.clinicServing(town);
    encounter = UUID.randomUUID();
    Db.update(
        "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, facility_id,"
            + " visit_date, recorded_at, encounter_class) VALUES (?, ?, 'postpartum-care', ?, ?,"
            + " ?, now(), 'HH')",
        encounter,
        town.id(),
        mother.pregnancyId(),
        clinic.facilityId(),
        Date.valueOf(LocalDate.now()));
  }

  private int insert(String columns, Object... values) {
    StringBuilder marks = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      marks.append(", ?");
    }
    Object[] args = new Object[values.length + 3];
    args[0] = UUID.randomUUID();
    args[1] = encounter;
    args[2] = town.id();
    System.arraycopy(values, 0, args, 3, values.length);
    return Db.update(
        "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
            + " item_code, "
            + columns
            + ") VALUES (?, ?, ?, gen_random_uuid(), 'x'"
            + marks
            + ")",
        args);
  }

  @Test
  void wholeNumbersMomentsAndCodedTextAreStoredInTheirColumns() {
    assertThat(insert("value_type, integer_value", "integer", 9)).isEqualTo(1);
    assertThat(
            insert(
                "value_type, datetime_value",
                "datetime",
                Timestamp.from(Instant.parse("2026-11-17T20:42:00Z"))))
        .isEqualTo(1);
    assertThat(
            insert(
                "value_type, code_system, code_value, string_value",
                "coded",
                "https://sukoyaka.app/fhir/CodeSystem/finding-presence",
                "present",
                "臍ヘルニア"))
        .isEqualTo(1);
  }

  @Test
  void aValueMissingFromTheColumnItsTypeNamesIsRefused() {
    assertThatThrownBy(() -> insert("value_type, quantity_value", "integer", 9))
        .hasStackTraceContaining("checkup_finding_value_check");
    assertThatThrownBy(() -> insert("value_type, integer_value", "decimal", 9))
        .hasStackTraceContaining("violates check constraint \"checkup_finding_value");
  }

  @Test
  void textGoesOnlyWithStringsAndCodedAnswers() {
    assertThatThrownBy(
            () -> insert("value_type, integer_value, string_value", "integer", 9, "nine"))
        .hasStackTraceContaining("checkup_finding_text_check");
  }

  @Test
  void onlyTheEpdsAnswersCarryTheTimeTheyWereAuthored() {
    assertThat(
            insert(
                "value_type, integer_value, resource_type, authored_at",
                "integer",
                2,
                "QuestionnaireResponse",
                Timestamp.from(Instant.now())))
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                insert(
                    "value_type, integer_value, resource_type",
                    "integer",
                    2,
                    "QuestionnaireResponse"))
        .hasStackTraceContaining("checkup_finding_authored_check");
    assertThatThrownBy(
            () ->
                insert(
                    "value_type, integer_value, authored_at",
                    "integer",
                    2,
                    Timestamp.from(Instant.now())))
        .hasStackTraceContaining("checkup_finding_authored_check");
  }

  @Test
  void aNewbornMayBeRecordedWithoutAName() {
    assertThat(
            Db.update(
                "INSERT INTO child (id, municipality_id, pregnancy_id, handbook_number,"
                    + " birth_date, sex, birth_order, created_at) VALUES (?, ?, ?, ?, ?,"
                    + " 'unknown', 1, now())",
                UUID.randomUUID(),
                town.id(),
                mother.pregnancyId(),
                mother.handbookNumber(),
                Date.valueOf(LocalDate.now())))
        .isEqualTo(1);
  }

  @Test
  void anEncounterClassOtherThanAmbulatoryHomeOrInpatientIsRefused() {
    assertThatThrownBy(
            () ->
                Db.update(
                    "UPDATE checkup_encounter SET encounter_class = 'EMER' WHERE id = ?",
                    encounter))
        .hasStackTraceContaining("checkup_encounter_encounter_class_check");
  }
}
