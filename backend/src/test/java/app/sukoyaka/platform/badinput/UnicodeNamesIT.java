package app.sukoyaka.platform.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.Tokens;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Names that are valid but unusual are accepted and stored in Unicode normal form C: a character
 * outside the BMP (𠮷, a surrogate pair in UTF-16) stays as it is, a decomposed kana (カ + ゙) is
 * stored composed (ガ), half-width katakana stay half-width. Half of a surrogate pair alone (an
 * escape such as {@code \\ud842} in JSON) is not Unicode: the database driver would store it as
 * "?", so it is refused, by the REST APIs and the FHIR API alike, and nothing is stored.
 */
class UnicodeNamesIT {

  @Test
  void aNewbornNamedWithASurrogatePairAndDecomposedKanaIsStoredInNfc() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    LocalDate born = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(3);
    RecordBundle.ChildPatient unnamed = RecordBundle.ChildPatient.newbornOf(mother, born);
    RecordBundle.ChildPatient newborn =
        new RecordBundle.ChildPatient(
            unnamed.municipalityCode(),
            unnamed.handbookNumber(),
            unnamed.birthDate(),
            unnamed.sex(),
            unnamed.birthOrder(),
            "𠮷田",
            "カ\u3099ｸ");

    Http.Response stored = Http.postFhir(clinic, DeliveryBundle.of(mother, newborn, born).json());

    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    UUID child =
        UUID.fromString(
            stored
                .json()
                .path("entry")
                .get(1)
                .path("response")
                .path("location")
                .asText()
                .split("/")[1]);
    assertThat(Db.text("SELECT family_name FROM child WHERE id = ?", child)).isEqualTo("𠮷田");
    assertThat(Db.text("SELECT given_name FROM child WHERE id = ?", child)).isEqualTo("ガｸ");
  }

  private static Http.Response send(
      boolean chunked, String method, String path, String token, String type, String body) {
    return chunked
        ? Http.sendChunked(method, path, token, type, body)
        : Http.send(method, path, token, type, body);
  }

  @Test
  void aNewbornNamedWithHalfASurrogatePairIsRefusedAndNothingOfTheDeliveryIsStored() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    LocalDate born = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(3);
    RecordBundle.ChildPatient unnamed = RecordBundle.ChildPatient.newbornOf(mother, born);
    RecordBundle.ChildPatient newborn =
        new RecordBundle.ChildPatient(
            unnamed.municipalityCode(),
            unnamed.handbookNumber(),
            unnamed.birthDate(),
            unnamed.sex(),
            unnamed.birthOrder(),
            "LONE",
            "タロウ");
    // JSON carries the lone half as an escape; a Java string could not be written as UTF-8.
    String bundle =
        DeliveryBundle.of(mother, newborn, born).json().replace("\"LONE\"", "\"\\ud842田\"");
    long children = Db.count("SELECT count(*) FROM child");
    long submissions = Db.count("SELECT count(*) FROM raw_submission");

    for (boolean chunked : new boolean[] {false, true}) {
      Http.Response refused =
          send(chunked, "POST", "/fhir", clinic, "application/fhir+json", bundle);

      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/fhir+json");
      assertThat(refused.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
      assertThat(refused.body()).contains("SKY-7106").contains("surrogate");
    }
    assertThat(Db.count("SELECT count(*) FROM child")).isEqualTo(children);
    assertThat(Db.count("SELECT count(*) FROM raw_submission")).isEqualTo(submissions);
  }

  @Test
  void aParentsDiaryWithHalfASurrogatePairIsRefusedAndAWholePairIsStoredIntact() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String mother = Tokens.guardian(family.mother());
    String records = "/api/v1/children/" + family.childId() + "/records";
    String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();

    for (boolean chunked : new boolean[] {false, true}) {
      for (String lone : new String[] {"\\ud842田", "田\\udfb7", "\\udfb7\\ud842"}) {
        UUID clientId = UUID.randomUUID();
        String diary =
            "{\"clientId\":\""
                + clientId
                + "\",\"kind\":\"diary\",\"date\":\""
                + today
                + "\",\"text\":\""
                + lone
                + "\"}";

        Http.Response refused = send(chunked, "POST", records, mother, "application/json", diary);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("code").asText()).isEqualTo("SKY-7106");
        assertThat(Db.count("SELECT count(*) FROM parent_record WHERE client_id = ?", clientId))
            .isZero();
      }
      UUID clientId = UUID.randomUUID();
      Http.Response stored =
          send(
              chunked,
              "POST",
              records,
              mother,
              "application/json",
              "{\"clientId\":\""
                  + clientId
                  + "\",\"kind\":\"diary\",\"date\":\""
                  + today
                  + "\",\"text\":\"\\ud842\\udfb7田と😀\"}");

      assertThat(stored.status()).as(stored.body()).isEqualTo(201);
      assertThat(Db.text("SELECT text_value FROM parent_record WHERE client_id = ?", clientId))
          .isEqualTo("𠮷田と😀");
    }
  }
}
