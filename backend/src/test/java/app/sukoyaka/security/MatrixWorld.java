package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.municipality.bulk.Imports;
import app.sukoyaka.municipality.bulk.LegacyFiles;
import app.sukoyaka.notice.NoticeSteps;
import app.sukoyaka.phr.myportal.MyPortalSimulator;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.MyPortalGuardian;
import app.sukoyaka.testing.NotificationForms;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PostpartumBundle;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.Prescreenings;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.TestSigningCa;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The people and records of the authorisation matrix: two municipalities (side A, whose records are
 * "own", and side B, "foreign"), each with a family whose mother had a prenatal checkup and a
 * postpartum one with an EPDS, and whose four-month-old had a checkup and a vaccination, all
 * submitted by the side's clinic; each side's staff; a clinic serving A that submitted nothing; a
 * PHR app under the A mother's consent on her child with each scope combination; a resident without
 * a handbook; and no one at all. Each side also holds the records the matrix's paths name (see
 * {@code records}): checkups, doses (one copied in by the guardian), the parents' own records, a
 * 予診票, a device, an invitation, her online-delivery consent and an app grant, a sent notice with a
 * PDF, drafts and an audience of its staff, and 妊娠届出 of its residents; a visit QR code its clinic
 * scanned, a question notice and its push, a My Portal link with two conflicts, a legacy import, a
 * clinic's vaccination submission of another infant, and (see {@code moveAChild}) a child each side
 * sent the other, corrected after it and taken in with the correction's conflict.
 *
 * <p>Every family's names, ids and handbook number are its markers: a marker of a family in a
 * response to a caller not entitled to that family is a leak.
 */
final class MatrixWorld {

  /** Which part of a family a marker belongs to. */
  enum Part {
    A_CHILD,
    A_MOTHER,
    B_CHILD,
    B_MOTHER
  }

  /** A caller of the matrix, with the parts of families it may see. */
  record Caller(String name, String token, Set<Part> entitled) {}

  /** One municipality's family, clinic and staff, and the values its paths are filled with. */
  record Side(
      String name,
      Personas.Municipality town,
      Personas.FamilyWithInfant family,
      Personas.Clinic clinic,
      Personas.Staff staff,
      Map<String, String> bindings,
      Map<String, Part> markers) {}

  final Side a;
  final Side b;
  final Map<String, Caller> callers = new LinkedHashMap<>();

  MatrixWorld() {
    a = side("A", Part.A_CHILD, Part.A_MOTHER);
    b = side("B", Part.B_CHILD, Part.B_MOTHER);
    Set<Part> sideA = EnumSet.of(Part.A_CHILD, Part.A_MOTHER);
    Set<Part> sideB = EnumSet.of(Part.B_CHILD, Part.B_MOTHER);
    callers.put("guardian", new Caller("guardian", Tokens.guardian(a.family.mother()), sideA));
    callers.put(
        "other-guardian", new Caller("other-guardian", Tokens.guardian(b.family.mother()), sideB));
    callers.put("clinic", new Caller("clinic", Tokens.clinic(a.clinic), sideA));
    callers.put("other-clinic", new Caller("other-clinic", Tokens.clinic(b.clinic), sideB));
    callers.put(
        "clinic-not-submitter",
        new Caller(
            "clinic-not-submitter",
            Tokens.clinic(Personas.vaccinatingClinicServing(a.town)),
            EnumSet.noneOf(Part.class)));
    callers.put("staff", new Caller("staff", Tokens.staff(a.staff), sideA));
    callers.put("other-staff", new Caller("other-staff", Tokens.staff(b.staff), sideB));
    app("app-immunization", Set.of("launch/patient", "patient/Immunization.rs"));
    app("app-observation", Set.of("launch/patient", "patient/Observation.rs"));
    app("app-both", Set.of("launch/patient", "patient/Immunization.rs", "patient/Observation.rs"));
    callers.put(
        "resident",
        new Caller(
            "resident",
            Tokens.resident(Personas.newResidentSubject()),
            EnumSet.noneOf(Part.class)));
    callers.put("anonymous", new Caller("anonymous", null, EnumSet.noneOf(Part.class)));
    a.bindings.put("exportJob", export(a));
    b.bindings.put("exportJob", export(b));
    records(a);
    records(b);
    moveAChild(b, a);
    moveAChild(a, b);
  }

  /**
   * The records the paths of the matrix name besides the family itself, each made through the
   * service's own API by the one who makes it (or read from the tables where the submitted bundles
   * stored them), so that every route's own caller is served and a refusal is about access.
   */
  private static void records(Side side) {
    Map<String, String> bind = side.bindings;
    String guardian = Tokens.guardian(side.family.mother());
    String staff = Tokens.staff(side.staff);
    String child = side.family.childId().toString();
    String pregnancy = side.family.mother().pregnancyId().toString();
    bind.put("today", LocalDate.now().toString());
    bind.put(
        "childCheckup",
        Db.text(
            "SELECT id FROM checkup_encounter WHERE child_id = ? ORDER BY id LIMIT 1",
            side.family.childId()));
    bind.put(
        "pregnancyCheckup",
        Db.text(
            "SELECT id FROM checkup_encounter WHERE pregnancy_id = ? AND child_id IS NULL"
                + " ORDER BY id LIMIT 1",
            side.family.mother().pregnancyId()));
    bind.put(
        "childImmunizationRecord",
        Db.text(
            "SELECT id FROM immunization_record WHERE child_id = ? LIMIT 1",
            side.family.childId()));
    bind.put(
        "pregnancyImmunizationRecord",
        created(
            "/api/v1/pregnancies/" + pregnancy + "/immunizations",
            guardian,
            "{\"vaccine\":{\"kind\":\"INFLUENZA\"},\"date\":\""
                + LocalDate.now().minusDays(30)
                + "\",\"routine\":false}"));
    for (String owner : List.of("child", "pregnancy")) {
      String records =
          owner.equals("child")
              ? "/api/v1/children/" + child + "/records"
              : "/api/v1/pregnancies/" + pregnancy + "/records";
      for (String name : List.of(owner + "Record", owner + "RecordToDelete")) {
        bind.put(name, created(records, guardian, weight(owner)));
      }
    }
    bind.put(
        "prescreening",
        created("/api/v1/children/" + child + "/prescreenings", guardian, prescreening()));
    bind.put("device", Personas.phoneOf(side.family.mother()).id().toString());
    bind.put(
        "invitation",
        created("/api/v1/family/invitations", guardian, "{\"childIds\":[\"" + child + "\"]}"));
    String audience =
        created(
            "/api/v1/notice-audiences",
            staff,
            "{\"name\":\"matrix\",\"query\":{\"childAge\":{\"from\":{\"months\":0},"
                + "\"under\":{\"months\":12}}}}");
    bind.put("audience", audience);
    for (String name : List.of("notice", "noticeToSend", "noticeToDelete")) {
      bind.put(name, created("/api/v1/notices", staff, notice(audience)));
    }
    bind.put(
        "parentImmunizationRecord",
        created(
            "/api/v1/children/" + child + "/immunizations",
            guardian,
            "{\"vaccine\":{\"kind\":\"HIB\"},\"date\":\""
                + LocalDate.now().minusDays(3)
                + "\",\"dose\":\"2\",\"routine\":true}"));
    // A notice the municipality sent its infants' families (the mother takes notices in the app),
    // with a PDF: what the guardian reads under "me/notices".
    Personas.onlineDeliveryDecision(side.family.mother().personId(), side.town, "granted");
    String sent = created("/api/v1/notices", staff, notice(audience));
    bind.put(
        "familyNoticeAttachment",
        created(
            "/api/v1/notices/" + sent + "/attachments?fileName=matrix.pdf",
            staff,
            "application/pdf",
            PDF));
    Http.Response sending =
        Http.send("POST", "/api/v1/notices/" + sent + "/send", staff, null, null);
    assertThat(sending.status()).as(sending.body()).isIn(200, 202);
    bind.put("familyNotice", sent);
    // The push the notice sent to her phone, for the app to report opened.
    bind.put(
        "pushMessage",
        Db.text(
            "SELECT id::text FROM push_message WHERE subject_id = ?::uuid AND person_id = ?",
            sent,
            side.family.mother().personId()));
    // A sent notice asking one question, for her to answer.
    UUID question =
        NoticeSteps.questionDraft(
            staff,
            UUID.fromString(audience),
            "{\"type\": \"single_choice\", \"prompt\": {\"ja\": \"参加しますか。\"},"
                + " \"options\": [{\"code\": \"yes\", \"label\": {\"ja\": \"参加する\"}},"
                + " {\"code\": \"no\", \"label\": {\"ja\": \"参加しない\"}}]}",
            "once");
    NoticeSteps.sent(staff, question);
    bind.put("questionNotice", question.toString());
    bind.put("birthDate", side.family.childBirthDate().toString());
    // Her consent to online notices, to withdraw (her app consents stay: the apps call on).
    for (JsonNode consent : Http.get("/api/v1/me/consents", guardian).json().path("consents")) {
      if (consent.path("kind").asText().equals("online-delivery")
          && consent.path("status").asText().equals("active")) {
        bind.put("consentId", consent.path("id").asText());
      }
    }
    assertThat(bind).as("her online-delivery consent").containsKey("consentId");
    bind.put("consentFhirId", "online-delivery." + bind.get("consentId"));
    // An app she let read her child, for her to withdraw (the matrix's own apps keep calling).
    bind.put(
        "appGrant",
        Personas.appGrantOnChild(
                Personas.phrApp(), side.family, Set.of("launch/patient", "patient/Immunization.rs"))
            .toString());
    // 妊娠届出 of residents of the side's municipality, signed, for its staff to review.
    for (String name :
        List.of(
            "notification",
            "notificationToAccept",
            "notificationToReject",
            "notificationToCorrect")) {
      Personas.Resident resident = Personas.residentAt(8);
      String signed =
          TestSigningCa.get()
              .signer(resident.familyName() + " " + resident.givenName())
              .sign(NotificationForms.of(resident, side.town).toString());
      bind.put(
          name,
          created(
              "/api/v1/me/pregnancy-notifications",
              Tokens.user("resident", resident.subject()),
              NotificationForms.body(signed)));
    }
    bind.put(
        "noticeAttachment",
        created(
            "/api/v1/notices/" + bind.get("notice") + "/attachments?fileName=matrix.pdf",
            staff,
            "application/pdf",
            PDF));
    // A dose the guardian copied in, naming the side's clinic as where it was given.
    bind.put(
        "clinicNamedRecord",
        created(
            "/api/v1/children/" + child + "/immunizations",
            guardian,
            "{\"vaccine\":{\"kind\":\"PCV\"},\"date\":\""
                + side.family.childBirthDate().plusMonths(2)
                + "\",\"dose\":\"1\",\"routine\":true,\"performer\":"
                + "{\"medicalInstitutionCode\":\""
                + side.clinic.medicalInstitutionCode()
                + "\"}}"));
    // A visit QR code the family issued, already scanned by the side's clinic: the code binds to
    // the first clinic that scans it, which alone may open the visit again.
    String visitPrescreening =
        Prescreenings.submit(
                guardian, side.family.childId(), Prescreenings.allNo("HIB", "2", LocalDate.now()))
            .path("id")
            .asText();
    String qr =
        Prescreenings.visitCode(guardian, side.family.childId(), visitPrescreening)
            .path("qr")
            .asText();
    Http.Response scanned = Prescreenings.redeem(Tokens.clinic(side.clinic), qr);
    assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
    bind.put("visitQr", qr);
    // A dose given abroad a month after birth, for the family or staff to record as FHIR.
    bind.put("abroadDate", side.family.childBirthDate().plusMonths(1).toString());
    // The mother's prenatal weight, corrected by the clinic that submitted it (version 1).
    String clinic = Tokens.clinic(side.clinic);
    for (JsonNode entry :
        Http.send(
                "GET",
                "/fhir/Observation?patient=" + side.family.mother().personId(),
                clinic,
                null,
                null)
            .json()
            .path("entry")) {
      JsonNode observation = entry.path("resource");
      if (observation.path("valueQuantity").path("code").asText().equals("kg")
          && observation.path("meta").path("versionId").asText().equals("1")) {
        ObjectNode corrected = observation.deepCopy();
        corrected.put("status", "corrected");
        ((ObjectNode) corrected.path("valueQuantity"))
            .put("value", observation.path("valueQuantity").path("value").asDouble() + 0.5);
        corrected.remove("meta");
        bind.put("weightObservation", observation.path("id").asText());
        bind.put("correctedWeight", corrected.toString());
        break;
      }
    }
    assertThat(bind).as("the mother's prenatal weight").containsKey("weightObservation");
    // A clinic's vaccination submission of another infant of the municipality (not the matrix's
    // family: a clinic that submits it becomes that child's submitter).
    Personas.FamilyWithInfant submitted = Personas.familyWithInfant(side.town);
    bind.put(
        "vaccinationSubmission",
        VaccinationBundle.forChild(submitted, side.clinic)
            .dose("HIB", submitted.childBirthDate().plusMonths(2), "1", true)
            .json());
    myPortal(side);
    // A legacy system's checkup file of a child of the municipality, and a job that read one.
    Personas.ChildInLegacySystem known = Personas.childKnownByResidentNumber(side.town, 4, 20);
    bind.put("importFile", checkupFile(known));
    bind.put(
        "importJob",
        Imports.importAndWait(
                staff,
                side.town.code(),
                "standard-utf8",
                checkupFile(Personas.childKnownByResidentNumber(side.town, 4, 20))
                    .getBytes(StandardCharsets.UTF_8),
                null)
            .path("id")
            .asText());
  }

  /**
   * The mother links the handbook with My Portal, which knows her and her child (by the birth date)
   * with its realistic records; the clinic had sent two Hepatitis B doses with other dose numbers
   * than the portal's, so the first retrieval leaves two conflicts: one for her to settle, one for
   * her municipality's staff.
   */
  private static void myPortal(Side side) {
    String guardian = Tokens.guardian(side.family.mother());
    LocalDate born = side.family.childBirthDate();
    for (String[] dose : new String[][] {{"2", "61"}, {"3", "92"}}) {
      StoredVaccinations.clinicDose(
          side.family,
          side.clinic.facilityId(),
          "HEPB",
          dose[0],
          born.plusDays(Long.parseLong(dose[1])),
          null,
          Instant.now());
    }
    String login = "card-" + UUID.randomUUID();
    MyPortalSimulator simulator = Personas.myPortalSimulator();
    simulator.register(
        login,
        simulator.household(
            login,
            "スズキ ユウコ",
            side.family.mother().birthDate(),
            null,
            List.<String[]>of(new String[] {"スズキ レン", born.toString(), "male"})));
    String link;
    try {
      link =
          MyPortalGuardian.link(guardian, login, List.of(side.family.childId()))
              .path("id")
              .asText();
      MyPortalGuardian.awaitFirstImport(link, guardian);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    side.bindings.put("myPortalLink", link);
    JsonNode conflicts = Http.get("/api/v1/my-portal/conflicts", guardian).json().path("conflicts");
    assertThat(conflicts.size()).as(conflicts.toString()).isGreaterThanOrEqualTo(2);
    side.bindings.put("myPortalConflict", conflicts.get(0).path("id").asText());
    side.bindings.put("myPortalStaffConflict", conflicts.get(1).path("id").asText());
  }

  /** One row of the standard checkup layout: the child's 3-4 month checkup. */
  private static String checkupFile(Personas.ChildInLegacySystem child) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("宛名番号", child.residentNumber());
    row.put("生年月日", child.birthDate().toString());
    row.put("健診区分", "02");
    row.put("受診日", child.birthDate().plusMonths(3).plusDays(20).toString());
    row.put("受診時月齢", "3");
    row.put("受診時日齢", "20");
    row.put("体重(kg)", "6.8");
    row.put("身長(cm)", "63.1");
    row.put("総合判定", "1");
    row.put("実施場所", "保健センター");
    return new String(LegacyFiles.standardCheckups().row(row).bytes(), StandardCharsets.UTF_8);
  }

  /**
   * A child of side {@code from} moves to side {@code to}, which is not the matrix's family (whose
   * records every other cell reads): {@code from} sends the handbook and corrects a dose after it,
   * {@code to} takes the handbook in and then the correction, which conflicts with what it took.
   * Each side keeps what its staff reach: a transfer out, a correction and its contact with the
   * other side; a transfer in, its conflict and the documents to send again.
   */
  private static void moveAChild(Side from, Side to) {
    String fromStaff = Tokens.staff(from.staff);
    String toStaff = Tokens.staff(to.staff);
    Personas.VaccinatedInfant moving = Personas.infantWithTwoMonthVaccinations(from.town);
    Map<String, String> out = from.bindings;
    Map<String, String> in = to.bindings;
    out.put("movingChild", moving.family().childId().toString());
    out.put("otherMunicipalityCode", to.town.code());
    Http.Response sent =
        Http.postJson(
            "/api/v1/municipalities/" + from.town.code() + "/transfers-out",
            fromStaff,
            "{\"childId\":\""
                + moving.family().childId()
                + "\",\"to\":{\"code\":\""
                + to.town.code()
                + "\",\"name\":\"テスト市\"}}");
    assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    out.put("transferOut", sent.json().path("transferOut").path("id").asText());
    String parent = Personas.parentMovingIn(to.town).personId().toString();
    String takeIn =
        "{\"bundle\":"
            + sent.json().path("bundle")
            + ",\"guardians\":[{\"personId\":\""
            + parent
            + "\",\"relationship\":\"mother\"}]}";
    in.put("handbookTakenIn", takeIn);
    Http.Response taken =
        Http.postJson(
            "/api/v1/municipalities/" + to.town.code() + "/transfers-in", toStaff, takeIn);
    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    in.put("transferIn", taken.json().path("transfer").path("id").asText());
    // The first dose was given three days later than transcribed.
    UUID dose = moving.recordIds().get(0);
    LocalDate given = moving.family().childBirthDate().plusMonths(2);
    out.put("correctableDose", dose.toString());
    out.put("movingClinicCode", moving.clinic().medicalInstitutionCode());
    out.put("correctedDoseDate", given.plusDays(5).toString());
    Http.Response corrected =
        Http.postJson(
            "/api/v1/municipalities/" + from.town.code() + "/corrections",
            fromStaff,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + dose
                + "\"},\"action\":\"correct\",\"version\":1,\"immunization\":{\"vaccine\":"
                + "{\"kind\":\"DPT_IPV_HIB\"},\"date\":\""
                + given.plusDays(3)
                + "\",\"dose\":\"1\",\"routine\":true,\"performer\":"
                + "{\"medicalInstitutionCode\":\""
                + moving.clinic().medicalInstitutionCode()
                + "\"}},\"reason\":\"接種日の転記誤り\"}");
    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
    out.put("correction", corrected.json().path("correction").path("id").asText());
    out.put("correctionContact", corrected.json().path("contacts").get(0).path("id").asText());
    String correction = "{\"bundle\":" + corrected.json().path("bundle") + "}";
    in.put("correctionTakenIn", correction);
    Http.Response imported =
        Http.postJson(
            "/api/v1/municipalities/"
                + to.town.code()
                + "/transfers-in/"
                + in.get("transferIn")
                + "/imports",
            toStaff,
            correction);
    assertThat(imported.status()).as(imported.body()).isIn(200, 201);
    assertThat(imported.json().path("conflicts").size()).as(imported.body()).isPositive();
    in.put("transferConflict", imported.json().path("conflicts").get(0).path("id").asText());
  }

  /** The smallest document the attachment check takes for a PDF. */
  static final String PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

  /** A body weight the parents took at home, of the child or in pregnancy. */
  static String weight(String owner) {
    return "{\"clientId\":\""
        + UUID.randomUUID()
        + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
        + LocalDate.now()
        + "\",\"quantity\":"
        + (owner.equals("child")
            ? "{\"value\":6500,\"unit\":\"g\"}"
            : "{\"value\":58.5,\"unit\":\"kg\"}")
        + "}";
  }

  /** A draft notice to the side's infants. */
  static String notice(String audience) {
    return "{\"title\":{\"ja\":\"お知らせ\",\"en\":\"A notice\"},"
        + "\"body\":{\"ja\":\"本文\",\"en\":\"Text\"},\"audienceId\":\""
        + audience
        + "\"}";
  }

  /** The 予診票 of the second Hib dose, all "no", 36.6 ℃, consent given, for today. */
  static String prescreening() {
    ObjectNode form = Prescreenings.allNo("HIB", "2", LocalDate.now());
    ((ObjectNode) form.path("answers")).put("birth-weight", 3120);
    return form.toString();
  }

  private static String created(String path, String token, String json) {
    return created(path, token, "application/json", json);
  }

  /** The id of what a POST created (201, or 200 where the route answers so). */
  private static String created(String path, String token, String contentType, String body) {
    Http.Response response = Http.send("POST", path, token, contentType, body);
    assertThat(response.status()).as(path + " " + response.body()).isIn(200, 201);
    String id = response.json().path("id").asText();
    assertThat(id).as(path + " " + response.body()).isNotBlank();
    return id;
  }

  /** An app the A mother let read her child, with those scopes only. */
  private void app(String name, Set<String> scopes) {
    String clientId = Personas.phrApp();
    UUID grant = Personas.appGrantOnChild(clientId, a.family, scopes);
    a.bindings.put("grant:" + name, grant.toString());
    callers.put(
        name,
        new Caller(name, Tokens.app(clientId, grant, a.family, scopes), EnumSet.of(Part.A_CHILD)));
  }

  private static Side side(String name, Part child, Part mother) {
    Personas.Municipality town = Personas.municipality();
    Personas.Clinic clinic = Personas.vaccinatingClinicServing(town);
    String clinicToken = Tokens.clinic(clinic);
    Personas.Mother pregnant = Personas.motherAt20Weeks(town);
    submit(clinicToken, PrenatalBundle.fullVisit(pregnant, LocalDate.now().minusDays(20)).json());
    Personas.FamilyWithInfant family = Personas.babyBornTo(pregnant);
    submit(
        clinicToken,
        InfantCheckupBundle.threeToFourMonths(family, LocalDate.now().minusDays(2)).json());
    submit(
        clinicToken,
        VaccinationBundle.forChild(family, clinic)
            .dose("HIB", family.childBirthDate().plusMonths(2), "1", true)
            .json());
    submit(
        clinicToken,
        PostpartumBundle.twoWeeks(pregnant, family.childBirthDate().plusDays(14)).json());
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String familyName = "漏" + name + suffix;
    Personas.renameFamily(family, familyName, "母" + name + suffix, "子" + name + suffix);

    Map<String, String> bindings = new LinkedHashMap<>();
    Map<String, Part> markers = new LinkedHashMap<>();
    bindings.put("child", family.childId().toString());
    bindings.put("pregnancy", pregnant.pregnancyId().toString());
    bindings.put("mother", pregnant.personId().toString());
    bindings.put("municipalityCode", town.code());
    bindings.put("municipality", town.id().toString());
    String guardian = Tokens.guardian(pregnant);
    bindings.put("observation", firstId(guardian, "Observation?patient=" + family.childId()));
    bindings.put(
        "motherObservation", firstId(guardian, "Observation?patient=" + pregnant.personId()));
    bindings.put("encounter", firstId(guardian, "Encounter?patient=" + family.childId()));
    bindings.put("motherEncounter", firstId(guardian, "Encounter?patient=" + pregnant.personId()));
    bindings.put("immunization", firstId(guardian, "Immunization?patient=" + family.childId()));
    bindings.put(
        "questionnaireResponse",
        firstId(guardian, "QuestionnaireResponse?patient=" + pregnant.personId()));
    JsonNode observation =
        Http.send("GET", "/fhir/Observation/" + bindings.get("observation"), guardian, null, null)
            .json();
    bindings.put(
        "observationCode",
        observation.path("code").path("coding").get(0).path("system").asText()
            + "|"
            + observation.path("code").path("coding").get(0).path("code").asText());

    markers.put(family.childId().toString(), child);
    markers.put("子" + name + suffix, child);
    markers.put(familyName, child);
    markers.put(pregnant.handbookNumber(), child);
    markers.put(bindings.get("observation"), child);
    markers.put(bindings.get("encounter"), child);
    markers.put(bindings.get("immunization"), child);
    markers.put(pregnant.personId().toString(), mother);
    markers.put(pregnant.pregnancyId().toString(), mother);
    markers.put("母" + name + suffix, mother);
    markers.put(bindings.get("motherObservation"), mother);
    markers.put(bindings.get("motherEncounter"), mother);
    markers.put(bindings.get("questionnaireResponse"), mother);
    return new Side(name, town, family, clinic, Personas.staffOf(town), bindings, markers);
  }

  private static void submit(String clinicToken, String bundle) {
    Http.Response response = Http.postFhir(clinicToken, bundle);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private static String firstId(String token, String search) {
    Http.Response response = Http.send("GET", "/fhir/" + search, token, null, null);
    assertThat(response.status()).as(search + " " + response.body()).isEqualTo(200);
    JsonNode entries = response.json().path("entry");
    assertThat(entries.size()).as(search + " " + response.body()).isPositive();
    return entries.get(0).path("resource").path("id").asText();
  }

  /** A finished bulk export of the side's municipality by its staff; the job's id. */
  private String export(Side side) {
    String token = Tokens.staff(side.staff);
    Http.Response kickOff =
        Http.send("GET", "/fhir/$export", token, null, null, "Prefer", "respond-async");
    assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
    String location = kickOff.header("content-location");
    String id = location.substring(location.lastIndexOf('/') + 1);
    for (int i = 0; i < 600; i++) {
      Http.Response status = Http.send("GET", "/fhir/$export-status/" + id, token, null, null);
      if (status.status() == 200) {
        return id;
      }
      assertThat(status.status()).as(status.body()).isEqualTo(202);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("The export of side " + side.name + " did not finish");
  }

  /** Every marker with the part it belongs to, of both sides. */
  Map<String, Part> markers() {
    Map<String, Part> all = new LinkedHashMap<>(a.markers);
    all.putAll(b.markers);
    return all;
  }

  List<String> callerNames() {
    return List.copyOf(callers.keySet());
  }

  static Set<String> names(Set<Part> parts) {
    Set<String> names = new LinkedHashSet<>();
    parts.forEach(p -> names.add(p.name()));
    return names;
  }
}
