package app.sukoyaka.family;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The app's entry point lists the guardian's own pregnancies and children, nobody else's. */
class MyHandbooksIT {

  @Test
  void aMotherWithAnInfantSeesHerPregnancyAndHerChild() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    Personas.motherAt20Weeks(town);

    Http.Response response = Http.get("/api/v1/me", Tokens.guardian(family.mother()));

    assertThat(response.status()).isEqualTo(200);
    JsonNode me = response.json();
    assertThat(me.path("guardianId").asText()).isEqualTo(family.mother().personId().toString());
    assertThat(me.path("pregnancies")).hasSize(1);
    assertThat(me.path("pregnancies").get(0).path("status").asText()).isEqualTo("delivered");
    assertThat(me.path("pregnancies").get(0).path("handbookNumber").path("system").asText())
        .isEqualTo("https://sukoyaka.app/fhir/sid/boshi-techo/" + town.code());
    assertThat(me.path("children")).hasSize(1);
    assertThat(me.path("children").get(0).path("id").asText())
        .isEqualTo(family.childId().toString());
    assertThat(me.path("children").get(0).path("birthDate").asText())
        .isEqualTo(family.childBirthDate().toString());
  }

  @Test
  void staffHaveNoHandbookOfTheirOwn() {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());

    Http.Response response = Http.get("/api/v1/me", Tokens.staff(staff));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }
}
