package app.sukoyaka.bench;

import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A diligent family's routine vaccinations and the clinic submissions that record them. The family
 * takes the child to the clinic as soon as a dose is due by the forecaster (checked week by week
 * from two months of age) and gets every dose due that day at once, as Japanese clinics give them
 * (同時接種); each visit is one FHIR transaction Bundle of Immunizations, as a clinic system sends it.
 */
final class VaccinationVisits {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Forecaster FORECASTER = new Forecaster(RoutineSchedule.load());

  private VaccinationVisits() {}

  /** The doses given at one visit. */
  record Visit(LocalDate day, List<GivenDose> doses) {}

  /** The visits of a child born on that day, up to {@code asOf}. */
  static List<Visit> diligent(LocalDate birth, Sex sex, LocalDate asOf) {
    List<GivenDose> history = new ArrayList<>();
    List<Visit> visits = new ArrayList<>();
    for (LocalDate day = birth.plusMonths(2); !day.isAfter(asOf); day = day.plusWeeks(1)) {
      Forecast forecast =
          FORECASTER.forecast(new ForecastRequest(birth, day, sex, history, Set.of()));
      List<GivenDose> given = new ArrayList<>();
      for (Recommendation r : forecast.recommendations()) {
        if (r.status() == Status.DUE || r.status() == Status.OVERDUE) {
          String product = r.product();
          if (product == null && r.vaccine().equals("ROTA")) {
            // The 1価 product (2 doses), which most clinics use.
            product = "RV1";
          }
          given.add(new GivenDose(r.vaccine(), r.dose(), day, product));
        }
      }
      if (!given.isEmpty()) {
        history.addAll(given);
        visits.add(new Visit(day, List.copyOf(given)));
      }
    }
    return visits;
  }

  /**
   * The clinic's submission of one visit's doses: the child's Patient (handbook number, birth date,
   * sex, its mother by her handbook number) and one Immunization per dose, by our vaccine kind (and
   * product where timing depends on it), the clinic as performer by its 医療機関コード, 定期接種, the dose
   * label of the Japanese schedule.
   */
  static String bundle(
      String bundleId,
      ClinicBundle.ChildPatient child,
      String medicalInstitutionCode,
      Visit visit) {
    String system = SukoyakaCanonicals.handbookNumberSystem(child.municipalityCode());
    ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle");
    bundle
        .putObject("identifier")
        .put("system", ClinicBundle.SUBMISSION_SYSTEM)
        .put("value", bundleId);
    bundle.put("type", "transaction");
    ArrayNode entries = bundle.putArray("entry");
    String patientUrl = "urn:uuid:" + UUID.randomUUID();
    ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient");
    if (child.motherHandbookNumber() != null) {
      patient
          .putArray("extension")
          .addObject()
          .put("url", SukoyakaCanonicals.MOTHER_EXTENSION)
          .putObject("valueReference")
          .putObject("identifier")
          .put("system", system)
          .put("value", child.motherHandbookNumber());
    }
    patient
        .putArray("identifier")
        .addObject()
        .put("system", system)
        .put("value", child.handbookNumber());
    patient.put("gender", child.sex()).put("birthDate", child.birthDate().toString());
    entry(entries, patientUrl, patient, "Patient")
        .put("ifNoneExist", "identifier=" + system + "|" + child.handbookNumber());
    for (GivenDose dose : visit.doses()) {
      ObjectNode immunization =
          JSON.createObjectNode().put("resourceType", "Immunization").put("status", "completed");
      ArrayNode codings = immunization.putObject("vaccineCode").putArray("coding");
      codings
          .addObject()
          .put("system", SukoyakaCanonicals.VACCINE_KIND_SYSTEM)
          .put("code", dose.vaccine());
      if (dose.product() != null) {
        codings
            .addObject()
            .put("system", SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM)
            .put("code", dose.product());
      }
      immunization.putObject("patient").put("reference", patientUrl);
      immunization.put("occurrenceDateTime", visit.day().toString());
      immunization.put("primarySource", true);
      immunization.put(
          "lotNumber", dose.vaccine().replace("_", "") + (visit.day().toEpochDay() % 900 + 100));
      immunization
          .putArray("performer")
          .addObject()
          .putObject("actor")
          .putObject("identifier")
          .put("system", SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
          .put("value", medicalInstitutionCode);
      immunization
          .putArray("programEligibility")
          .addObject()
          .putArray("coding")
          .addObject()
          .put("system", SukoyakaCanonicals.IMMUNIZATION_PROGRAM_SYSTEM)
          .put("code", "routine");
      immunization.putArray("protocolApplied").addObject().put("doseNumberString", dose.dose());
      entry(entries, "urn:uuid:" + UUID.randomUUID(), immunization, "Immunization");
    }
    try {
      return JSON.writeValueAsString(bundle);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode entry(
      ArrayNode entries, String fullUrl, ObjectNode resource, String type) {
    ObjectNode entry = entries.addObject().put("fullUrl", fullUrl);
    entry.set("resource", resource);
    return entry.putObject("request").put("method", "POST").put("url", type);
  }
}
