package app.sukoyaka.phr.myportal;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentSource;
import app.sukoyaka.security.SecretSealing;
import app.sukoyaka.security.SecurityConfiguration;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.MyPortalGuardian;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole My Portal path over HTTP against the local portal simulator: the guardian starts a
 * link, logs in and agrees at the portal, comes back with a code; the records are retrieved into
 * the handbook with their provenance, matching ones linked and differing ones listed for the
 * guardian and staff; running it again changes nothing; the link ends and expires; the tokens are
 * not readable in the database; and every refusal is a problem.
 */
class MyPortalLinkIT {
  private static final HttpClient BROWSER =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Personas.Municipality town;
  private Personas.MyPortalFamily family;
  private String guardian;
  private UUID child;
  private LocalDate born;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    family = Personas.infantKnownToMyPortal(town);
    guardian = Tokens.guardian(family.mother());
    child = family.family().childId();
    born = family.family().childBirthDate();
  }

  @Test
  void theLinkRetrievesTheRecordsIntoTheHandbookLinksMatchesListsConflictsAndChangesNothingTwice()
      throws Exception {
    Personas.Clinic clinic = Personas.clinicServing(town);
    // The clinic already sent the 五種混合 of the second month, as the portal has it: linked.
    UUID sameDose =
        StoredVaccinations.clinicDose(
            family.family(),
            clinic.facilityId(),
            "DPT_IPV_HIB",
            "1",
            born.plusDays(61),
            null,
            Instant.now());
    // Its B型肝炎 of that day as the second dose, where the portal says the first: a conflict.
    UUID differingDose =
        StoredVaccinations.clinicDose(
            family.family(),
            clinic.facilityId(),
            "HEPB",
            "2",
            born.plusDays(61),
            null,
            Instant.now());

    JsonNode link = link(family, List.of(child));
    assertThat(link.path("status").asText()).isEqualTo("active");
    assertThat(Instant.parse(link.path("expiresAt").asText()))
        .isBetween(
            Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
    String linkId = link.path("id").asText();

    // The first retrieval runs by itself once the link is made.
    JsonNode first = awaitFirstImport(linkId);
    assertThat(first.path("lastImportError").isNull()).as(first.toString()).isTrue();
    JsonNode counts = first.path("lastImport");
    assertThat(counts.path("retrieved").asInt()).isEqualTo(10);
    assertThat(counts.path("imported").asInt()).isEqualTo(8);
    assertThat(counts.path("linked").asInt()).isEqualTo(1);
    assertThat(counts.path("conflicts").asInt()).isEqualTo(1);
    assertThat(counts.path("refused").asInt()).isZero();

    // The checkups are in the handbook, measured as the portal's layout said (体重 4.38 kg).
    Http.Response handbook = Http.get("/api/v1/children/" + child + "/handbook", guardian);
    assertThat(handbook.status()).as(handbook.body()).isEqualTo(200);
    Map<String, JsonNode> checkups = new LinkedHashMap<>();
    handbook.json().path("checkups").forEach(c -> checkups.put(c.path("kind").asText(), c));
    assertThat(checkups).containsKeys("infant-1-month", "infant-3-4-months");
    JsonNode oneMonth = checkups.get("infant-1-month");
    assertThat(oneMonth.path("visitDate").asText()).isEqualTo(born.plusDays(31).toString());
    assertThat(finding(oneMonth, "body-weight").path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("4.38");
    assertThat(finding(oneMonth, "skin-finding").path("coded").path("code").asText())
        .isEqualTo("present");
    assertThat(checkups.get("infant-3-4-months").path("facility").path("name").asText())
        .contains("集団健診");

    // The doses: the matching one linked, not doubled; the differing one kept as ours.
    Http.Response doses = Http.get("/api/v1/children/" + child + "/immunizations", guardian);
    assertThat(doses.status()).as(doses.body()).isEqualTo(200);
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE child_id = ?", child))
        .isEqualTo(2 + 6);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND source = 'my_portal'",
                child))
        .isEqualTo(6);
    assertThat(
            Db.text(
                "SELECT outcome FROM my_portal_record WHERE local_id = ? AND record_type = 'immunization'",
                sameDose))
        .isEqualTo("linked");
    assertThat(Db.text("SELECT dose_label FROM immunization_record WHERE id = ?", differingDose))
        .isEqualTo("2");
    // Provenance: each imported record names the portal's record and when it was retrieved.
    assertThat(
            Db.count(
                "SELECT count(*) FROM my_portal_record r JOIN immunization_record i"
                    + " ON i.id = r.local_id WHERE r.child_id = ? AND r.outcome = 'imported'"
                    + " AND r.portal_record_id LIKE 'IM-%' AND r.retrieved_at IS NOT NULL",
                child))
        .isEqualTo(6);

    // The guardian sees the conflict, next to what is next on the home, and so do staff.
    Http.Response conflicts = Http.get("/api/v1/my-portal/conflicts", guardian);
    assertThat(conflicts.status()).as(conflicts.body()).isEqualTo(200);
    JsonNode conflict = conflicts.json().path("conflicts").get(0);
    assertThat(conflicts.json().path("conflicts")).hasSize(1);
    assertThat(conflict.path("localRecordId").asText()).isEqualTo(differingDose.toString());
    assertThat(conflict.path("differences").get(0).path("item").asText()).isEqualTo("dose");
    assertThat(conflict.path("differences").get(0).path("ours").asText()).isEqualTo("2");
    assertThat(conflict.path("differences").get(0).path("theirs").asText()).isEqualTo("1");
    Http.Response home = Http.get("/api/v1/me/home", guardian);
    assertThat(home.status()).as(home.body()).isEqualTo(200);
    List<String> steps = new ArrayList<>();
    home.json()
        .path("children")
        .forEach(
            c ->
                c.path("next")
                    .forEach(
                        n ->
                            steps.add(
                                n.path("source").asText()
                                    + "/"
                                    + n.path("code").asText()
                                    + " "
                                    + n.path("link").asText())));
    assertThat(steps).contains("my-portal/conflicts /api/v1/my-portal/conflicts");
    String staff = Tokens.staff(Personas.staffOf(town));
    Http.Response list =
        Http.get("/api/v1/municipalities/" + town.code() + "/work-lists/myportal-conflicts", staff);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().path("rows")).hasSize(1);
    assertThat(list.json().path("rows").get(0).path("cells").path("differences").asText())
        .isEqualTo("dose: 2 / 1");

    // Running it again changes nothing.
    long encounters = Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child);
    long findings =
        Db.count(
            "SELECT count(*) FROM checkup_finding f JOIN checkup_encounter e"
                + " ON e.id = f.encounter_id WHERE e.child_id = ?",
            child);
    Http.Response again =
        Http.send("POST", "/api/v1/my-portal/links/" + linkId + "/imports", guardian, null, null);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("retrieved").asInt()).isEqualTo(10);
    assertThat(again.json().path("unchanged").asInt()).isEqualTo(10);
    assertThat(again.json().path("imported").asInt()).isZero();
    assertThat(again.json().path("conflicts").asInt()).isZero();
    assertThat(Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child))
        .isEqualTo(encounters);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.child_id = ?",
                child))
        .isEqualTo(findings);
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE child_id = ?", child))
        .isEqualTo(8);
    assertThat(Http.get("/api/v1/my-portal/conflicts", guardian).json().path("conflicts"))
        .hasSize(1);

    // The municipality corrects the 1か月児 weight at the portal: a conflict with what we kept.
    Personas.myPortalSimulator()
        .changeRecord(
            family.cardLogin(), "IC-" + family.cardLogin() + "-1-1", Map.of("体重", "4.46"));
    Http.Response changed =
        Http.send("POST", "/api/v1/my-portal/links/" + linkId + "/imports", guardian, null, null);
    assertThat(changed.json().path("conflicts").asInt()).isEqualTo(1);
    assertThat(changed.json().path("unchanged").asInt()).isEqualTo(9);
    assertThat(
            finding(checkupOf("infant-1-month"), "body-weight")
                .path("quantity")
                .path("value")
                .decimalValue())
        .isEqualByComparingTo("4.38");
    JsonNode both = Http.get("/api/v1/my-portal/conflicts", guardian).json().path("conflicts");
    assertThat(both).hasSize(2);
    List<String> weights = new ArrayList<>();
    both.forEach(
        c ->
            c.path("differences")
                .forEach(
                    d -> weights.add(d.path("item").asText() + "=" + d.path("theirs").asText())));
    assertThat(weights).contains("body-weight=4.46 kg");
  }

  @Test
  void thePortalsTokensAreSealedInTheDatabaseAndEndingTheLinkRevokesThemAtThePortal()
      throws Exception {
    JsonNode link = link(family, List.of());
    String linkId = link.path("id").asText();
    awaitFirstImport(linkId);

    String stored = Db.text("SELECT access_token FROM my_portal_link WHERE id = ?::uuid", linkId);
    String refresh = Db.text("SELECT refresh_token FROM my_portal_link WHERE id = ?::uuid", linkId);
    // Stored as JWE (direct AES-256-GCM): five parts, and no use to anyone at the portal.
    for (String sealed : List.of(stored, refresh)) {
      assertThat(sealed.split("\\.", -1)).hasSize(5);
      String header =
          new String(Base64.getUrlDecoder().decode(sealed.split("\\.")[0]), StandardCharsets.UTF_8);
      assertThat(header).contains("\"dir\"").contains("A256GCM");
    }
    assertThat(portalApi(stored).statusCode()).isEqualTo(401);
    String token =
        SecretSealing.of(TestService.bean(SecurityConfiguration.class))
            .orElseThrow()
            .open(stored)
            .orElseThrow();
    assertThat(portalApi(token).statusCode()).isEqualTo(200);
    // The PKCE verifier is not kept once used.
    assertThat(
            Db.count(
                "SELECT count(*) FROM my_portal_authorisation WHERE person_id = ?"
                    + " AND used_at IS NOT NULL AND code_verifier = ''",
                family.mother().personId()))
        .isEqualTo(1);

    Http.Response ended =
        Http.send("DELETE", "/api/v1/my-portal/links/" + linkId, guardian, null, null);
    assertThat(ended.status()).as(ended.body()).isEqualTo(200);
    assertThat(ended.json().path("status").asText()).isEqualTo("ended");
    assertThat(ended.json().path("endedReason").asText()).isEqualTo("ended-by-guardian");
    assertThat(ended.json().path("revokedAtPortal").asBoolean()).isTrue();
    assertThat(portalApi(token).statusCode()).isEqualTo(401);
    assertThat(
            Db.count(
                "SELECT count(*) FROM my_portal_link WHERE id = ?::uuid"
                    + " AND access_token IS NULL AND refresh_token IS NULL",
                linkId))
        .isEqualTo(1);

    Http.Response refused =
        Http.send("POST", "/api/v1/my-portal/links/" + linkId + "/imports", guardian, null, null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6409");
    // Ending it again changes nothing; the records retrieved before stay in the handbook.
    Http.Response again =
        Http.send("DELETE", "/api/v1/my-portal/links/" + linkId, guardian, null, null);
    assertThat(again.json().path("endedAt").asText())
        .isEqualTo(ended.json().path("endedAt").asText());
    assertThat(Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child))
        .isEqualTo(2);
  }

  @Test
  void anExpiredLinkIsRefusedAndListedAsExpired() throws Exception {
    String linkId = link(family, List.of()).path("id").asText();
    awaitFirstImport(linkId);
    Db.update(
        "UPDATE my_portal_link SET created_at = now() - interval '91 days',"
            + " expires_at = now() - interval '1 day' WHERE id = ?::uuid",
        linkId);

    Http.Response refused =
        Http.send("POST", "/api/v1/my-portal/links/" + linkId + "/imports", guardian, null, null);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6410");
    JsonNode links = Http.get("/api/v1/my-portal/links", guardian).json().path("links");
    assertThat(links.get(0).path("status").asText()).isEqualTo("expired");
  }

  @Test
  void aWrongAReusedAnExpiredAndARefusedAuthorisationAreEachRefusedWithTheirReason()
      throws Exception {
    Http.Response unknown =
        Http.get("/api/v1/my-portal/callback?state=made-up&code=whatever", null);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("code").asText()).isEqualTo("SKY-6403");

    Map<String, String> back =
        MyPortalGuardian.authorise(start(List.of()), family.cardLogin(), "allow");
    String callback = "/api/v1/my-portal/callback?" + Http.form(back);
    assertThat(Http.get(callback, null).status()).isEqualTo(201);
    Http.Response reused = Http.get(callback, null);
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.json().path("code").asText()).isEqualTo("SKY-6403");
    assertThat(reused.json().path("detail").asText()).contains("used already");

    JsonNode started = start(List.of());
    Map<String, String> late = MyPortalGuardian.authorise(started, family.cardLogin(), "allow");
    Db.update(
        "UPDATE my_portal_authorisation SET created_at = now() - interval '20 minutes',"
            + " expires_at = now() - interval '10 minutes' WHERE person_id = ? AND used_at IS NULL",
        family.mother().personId());
    Http.Response expired = Http.get("/api/v1/my-portal/callback?" + Http.form(late), null);
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().path("code").asText()).isEqualTo("SKY-6404");

    Map<String, String> denied =
        MyPortalGuardian.authorise(start(List.of()), family.cardLogin(), "deny");
    assertThat(denied).containsEntry("error", "access_denied");
    Http.Response notAgreed = Http.get("/api/v1/my-portal/callback?" + Http.form(denied), null);
    assertThat(notAgreed.status()).isEqualTo(400);
    assertThat(notAgreed.json().path("code").asText()).isEqualTo("SKY-6405");

    // A code for one state cannot finish another's authorisation (PKCE binds it).
    Map<String, String> first =
        MyPortalGuardian.authorise(start(List.of()), family.cardLogin(), "allow");
    Map<String, String> second =
        MyPortalGuardian.authorise(start(List.of()), family.cardLogin(), "allow");
    Map<String, String> swapped = new LinkedHashMap<>();
    swapped.put("code", first.get("code"));
    swapped.put("state", second.get("state"));
    Http.Response mixed = Http.get("/api/v1/my-portal/callback?" + Http.form(swapped), null);
    assertThat(mixed.status()).isEqualTo(502);
    assertThat(mixed.json().path("code").asText()).isEqualTo("SKY-6406");

    // Only one link was made of all these.
    assertThat(Http.get("/api/v1/my-portal/links", guardian).json().path("links")).hasSize(1);
  }

  @Test
  void anotherFamilysChildCannotBeLinked() {
    Personas.FamilyWithInfant other = Personas.familyWithInfant(town);

    Http.Response refused =
        Http.postJson(
            "/api/v1/my-portal/links", guardian, "{\"childIds\":[\"" + other.childId() + "\"]}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6402");
    assertThat(
            Db.count(
                "SELECT count(*) FROM my_portal_authorisation WHERE person_id = ?",
                family.mother().personId()))
        .isZero();
  }

  @Test
  void aPregnancysCheckupsComeFromThePortalIntoItsHandbook() throws Exception {
    Personas.MyPortalFamily pregnant = Personas.pregnancyKnownToMyPortal(town);
    String token = Tokens.guardian(pregnant.mother());
    JsonNode started = Http.postJson("/api/v1/my-portal/links", token, "{}").json();
    Map<String, String> back = MyPortalGuardian.authorise(started, pregnant.cardLogin(), "allow");
    Http.Response made = Http.get("/api/v1/my-portal/callback?" + Http.form(back), null);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(made.json().path("pregnancyIds").get(0).asText())
        .isEqualTo(pregnant.mother().pregnancyId().toString());
    MyPortalGuardian.awaitFirstImport(made.json().path("id").asText(), token);

    JsonNode handbook =
        Http.get("/api/v1/pregnancies/" + pregnant.mother().pregnancyId() + "/handbook", token)
            .json();
    assertThat(handbook.path("checkups")).hasSize(2);
    JsonNode twelveWeeks = null;
    for (JsonNode checkup : handbook.path("checkups")) {
      if (checkup.path("gestationalAgeDays").asInt() == 84) {
        twelveWeeks = checkup;
      }
    }
    assertThat(twelveWeeks).isNotNull();
    assertThat(
            finding(twelveWeeks, "systolic-blood-pressure").path("quantity").path("value").asInt())
        .isEqualTo(112);
  }

  @Test
  void theConsentRegisterListsTheLinkAndWithdrawingItEndsTheLink() throws Exception {
    String linkId = link(family, List.of(child)).path("id").asText();
    awaitFirstImport(linkId);
    ConsentSource source =
        TestService.server().getApplicationContext().getBeansOfType(ConsentSource.class).stream()
            .filter(s -> s.kind().equals("my-portal-link"))
            .findFirst()
            .orElseThrow();

    List<ConsentEntry> entries = source.ofGuardian(family.mother().personId());
    assertThat(entries).hasSize(1);
    ConsentEntry entry = entries.get(0);
    assertThat(entry.id()).isEqualTo(linkId);
    assertThat(entry.childIds()).containsExactly(child);
    assertThat(entry.recipient()).contains("マイナポータル");
    assertThat(entry.activeAt(Instant.now())).isTrue();

    assertThat(source.withdraw(family.mother().personId(), linkId)).isTrue();
    assertThat(source.withdraw(UUID.randomUUID(), linkId)).isFalse();
    assertThat(source.ofGuardian(family.mother().personId()).get(0).activeAt(Instant.now()))
        .isFalse();
    assertThat(
            Http.get("/api/v1/my-portal/links/" + linkId, guardian).json().path("status").asText())
        .isEqualTo(
            "ended"); // The guardian who linked is a card holder of the demo's simulator too, with
    // her family.
    assertThat(Personas.myPortalSimulator().knows(family.mother().loginSubject())).isTrue();
  }

  // --- The guardian's browser and the app ------------------------------------------------------

  private JsonNode start(List<UUID> children) {
    return MyPortalGuardian.start(guardian, children);
  }

  private JsonNode link(Personas.MyPortalFamily family, List<UUID> children) throws Exception {
    return MyPortalGuardian.link(guardian, family.cardLogin(), children);
  }

  private JsonNode awaitFirstImport(String linkId) throws InterruptedException {
    return MyPortalGuardian.awaitFirstImport(linkId, guardian);
  }

  private JsonNode checkupOf(String kind) {
    for (JsonNode checkup :
        Http.get("/api/v1/children/" + child + "/handbook", guardian).json().path("checkups")) {
      if (checkup.path("kind").asText().equals(kind)) {
        return checkup;
      }
    }
    throw new AssertionError("No " + kind);
  }

  private static JsonNode finding(JsonNode checkup, String item) {
    for (JsonNode finding : checkup.path("findings")) {
      if (finding.path("item").asText().equals(item)) {
        return finding;
      }
    }
    throw new AssertionError("No " + item + " in " + checkup);
  }

  private static HttpResponse<String> portalApi(String token)
      throws IOException, InterruptedException {
    URI persons =
        URI.create(
                Personas.myPortalSimulator()
                    .endpoints("s", Duration.ofSeconds(5))
                    .apiBaseUrl()
                    .toString())
            .resolve("persons");
    return BROWSER.send(
        HttpRequest.newBuilder(persons).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
