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
 * stored composed (ガ), half-width katakana stay half-width.
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
}
