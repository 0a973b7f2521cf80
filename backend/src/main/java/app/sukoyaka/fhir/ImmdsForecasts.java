package app.sukoyaka.fhir;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ChildForecasts;
import app.sukoyaka.immunization.ChildSchedules;
import app.sukoyaka.immunization.ChildSubjects;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.StoredForecast;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * {@code $immds-forecast}: the routine-schedule forecast as FHIR, for a child stored here (a
 * reference to its Patient; its records and flags are read, as the access policy allows and the
 * access log records) or, ImmDS-style, for a patient and immunizations supplied in the request
 * (nothing is read or stored, so any authenticated caller may ask). Both go through the same
 * reading of doses as the family's schedule view ({@link ChildForecasts}): a dose without a dose
 * number counts as the dose the schedule expected next on its day, a dose that cannot count is
 * named in the recommendation's description.
 */
@Singleton
class ImmdsForecasts {
  private final FamilyService families;
  private final ChildSubjects subjects;
  private final ChildSchedules schedules;
  private final ChildForecasts forecasts;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final FhirContext context;
  private final Clock clock;
  private final ImmunizationResources immunizationResources;
  private final VaccinationRules rules;

  private final JsonLimits limits;

  ImmdsForecasts(
      FamilyService families,
      ChildSubjects subjects,
      ChildSchedules schedules,
      ChildForecasts forecasts,
      AccessGuard guard,
      AccessLog accessLog,
      FhirContext context,
      Clock clock,
      VaccineCatalog catalog,
      JsonLimits limits) {
    this.limits = limits;
    this.families = families;
    this.subjects = subjects;
    this.schedules = schedules;
    this.forecasts = forecasts;
    this.guard = guard;
    this.accessLog = accessLog;
    this.context = context;
    this.clock = clock;
    this.immunizationResources = new ImmunizationResources(catalog);
    this.rules = new VaccinationRules(catalog);
  }

  /** {@code POST [base]/$immds-forecast} with a Parameters resource. */
  String forecast(Principal principal, String body) {
    Parameters parameters = parse(body);
    LocalDate assessmentDate = null;
    Integer patientIndex = null;
    List<Integer> immunizations = new ArrayList<>();
    List<Integer> flags = new ArrayList<>();
    for (int i = 0; i < parameters.getParameter().size(); i++) {
      Parameters.ParametersParameterComponent parameter = parameters.getParameter().get(i);
      String at = "Parameters.parameter[" + i + "]";
      switch (parameter.getName() == null ? "" : parameter.getName()) {
        case "assessmentDate" -> assessmentDate = assessmentDate(parameter, at);
        case "patient" -> {
          if (patientIndex != null) {
            throw invalid("Only one patient parameter is allowed.", at);
          }
          patientIndex = i;
        }
        case "immunization" -> immunizations.add(i);
        case "flag" -> flags.add(i);
        default ->
            throw invalid(
                "Unknown parameter "
                    + parameter.getName()
                    + "; this operation takes assessmentDate, patient, immunization and flag.",
                at + ".name");
      }
    }
    if (patientIndex == null) {
      throw invalid("The patient parameter is required.", "Parameters.parameter");
    }
    LocalDate day = checkedDay(assessmentDate, "Parameters.parameter");
    Parameters.ParametersParameterComponent patient = parameters.getParameter().get(patientIndex);
    String at = "Parameters.parameter[" + patientIndex + "]";
    if (patient.getValue() instanceof Reference reference) {
      if (!immunizations.isEmpty() || !flags.isEmpty()) {
        throw invalid(
            "A stored patient's immunizations and flags are its records: immunization and flag"
                + " parameters go only with a Patient resource.",
            "Parameters.parameter["
                + (immunizations.isEmpty() ? flags : immunizations).get(0)
                + "]");
      }
      return stored(principal, patientId(reference.getReference(), at + ".valueReference"), day);
    }
    if (patient.getResource() instanceof Patient resource) {
      return supplied(parameters, resource, at + ".resource", immunizations, flags, day);
    }
    throw invalid("patient must be a Patient resource or a reference to a stored Patient.", at);
  }

  /** {@code GET [base]/Patient/{id}/$immds-forecast}. */
  String forecast(Principal principal, String patientId, String assessmentDate) {
    LocalDate day = null;
    if (assessmentDate != null) {
      try {
        day = LocalDate.parse(assessmentDate);
      } catch (DateTimeParseException e) {
        throw new FhirException(
            ErrorCode.INVALID_PARAMETER,
            FhirIssue.error(
                "invalid", "assessmentDate is not a date (YYYY-MM-DD).", "assessmentDate"));
      }
    }
    return stored(principal, patientId, checkedDay(day, "assessmentDate"));
  }

  private String stored(Principal principal, String patientId, LocalDate day) {
    Child child =
        uuid(patientId)
            .flatMap(families::child)
            .orElseThrow(
                () ->
                    new FhirException(
                        ErrorCode.NOT_FOUND,
                        FhirIssue.error(
                            "not-found", "Patient/" + patientId + " is not a child on record.")));
    if (day.isBefore(child.birthDate())) {
      throw new FhirException(
          ErrorCode.IMMUNIZATION_DATE_BEFORE_BIRTH,
          FhirIssue.error(
              "processing",
              "assessmentDate is before the child's birth (" + child.birthDate() + ")."));
    }
    ProtectedSubject subject = subjects.of(child);
    guard.require(principal, AccessPolicy.Action.READ, subject, "immds-forecast", "fhir-read");
    ChildSchedules.ChildSchedule schedule = schedules.of(child, day);
    accessLog.access(principal, subject, "immds-forecast", "fhir-read", true);
    Map<UUID, ImmunizationRecommendations.Dose> doses = new HashMap<>();
    for (ImmunizationRecord record : schedule.records()) {
      doses.put(
          record.id(),
          new ImmunizationRecommendations.Dose(
              new Reference("Immunization/" + record.id()), record.occurrenceDate()));
    }
    return encode(
        ImmunizationRecommendations.parameters(
            schedule.forecast(),
            schedules.schedule(),
            day,
            new Reference("Patient/" + child.id()),
            doses));
  }

  /** The ImmDS way: the patient and the doses are in the request; nothing stored is read. */
  private String supplied(
      Parameters parameters,
      Patient patient,
      String at,
      List<Integer> immunizationIndexes,
      List<Integer> flagIndexes,
      LocalDate day) {
    RoutineSchedule schedule = schedules.schedule();
    if (!patient.hasBirthDate()) {
      throw unusable("The patient's birthDate is required.", at + ".birthDate");
    }
    LocalDate birth =
        localDate(patient.getBirthDateElement().getValueAsString(), at + ".birthDate");
    if (day.isBefore(birth)) {
      throw new FhirException(
          ErrorCode.IMMUNIZATION_DATE_BEFORE_BIRTH,
          FhirIssue.error("processing", "assessmentDate is before the birth.", at + ".birthDate"));
    }
    String sex = null;
    if (patient.getGender() == Enumerations.AdministrativeGender.FEMALE) {
      sex = "female";
    } else if (patient.getGender() == Enumerations.AdministrativeGender.MALE) {
      sex = "male";
    }
    Set<String> flags = new TreeSet<>();
    for (int index : flagIndexes) {
      Parameters.ParametersParameterComponent flag = parameters.getParameter().get(index);
      String value = flag.getValue() == null ? null : flag.getValue().primitiveValue();
      if (value == null || !schedule.flags().containsKey(value)) {
        throw new FhirException(
            ErrorCode.IMMUNIZATION_UNKNOWN_FLAG,
            FhirIssue.error(
                "code-invalid",
                "Unknown flag "
                    + value
                    + "; known: "
                    + new TreeSet<>(schedule.flags().keySet())
                    + ".",
                "Parameters.parameter[" + index + "].valueCode"));
      }
      flags.add(value);
    }
    // Each dose is read as a clinic's submission of it is: the vaccine catalog says which series
    // its codings (our vaccine kinds and products, HOT, CVX …) count for, and the rules hold.
    VaccinationRules.Person person = new VaccinationRules.Person(Subject.CHILD, birth, sex);
    LocalDate today = LocalDate.now(clock);
    List<ChildForecasts.RecordedDose> doses = new ArrayList<>();
    Map<UUID, ImmunizationRecommendations.Dose> references = new HashMap<>();
    for (int n = 0; n < immunizationIndexes.size(); n++) {
      int index = immunizationIndexes.get(n);
      String where = "Parameters.parameter[" + index + "].resource";
      IBaseResource resource = parameters.getParameter().get(index).getResource();
      if (!(resource instanceof Immunization immunization)) {
        throw invalid("An immunization parameter holds an Immunization resource.", where);
      }
      if (immunization.getStatus() != Immunization.ImmunizationStatus.COMPLETED) {
        // Not given (not-done) or recorded in error: not a dose.
        continue;
      }
      VaccinationDraft draft = immunizationResources.draft(immunization, where);
      VaccinationRules.Checked checked;
      try {
        checked = rules.check(draft, person, today, false);
      } catch (ImmunizationEntryException refused) {
        String element = ImmunizationResources.element(refused.field());
        throw new FhirException(
            refused.errorCode(),
            element == null
                ? FhirIssue.error(
                    OperationOutcomes.defaultType(refused.errorCode()), refused.getMessage(), where)
                : FhirIssue.error(
                    OperationOutcomes.defaultType(refused.errorCode()),
                    refused.getMessage(),
                    where + "." + element));
      }
      UUID id =
          UUID.nameUUIDFromBytes(
              ("immunization parameter " + index).getBytes(StandardCharsets.UTF_8));
      doses.add(
          new ChildForecasts.RecordedDose(
              id,
              draft.date(),
              // Doses of one day keep the order they were given in.
              Instant.EPOCH.plusSeconds(n),
              checked.product(),
              ImmunizationRecord.Verification.VERIFIED,
              checked.credits()));
      Reference reference =
          immunization.getIdElement().hasIdPart()
              ? new Reference("Immunization/" + immunization.getIdElement().getIdPart())
              : new Reference().setDisplay("immunization parameter " + index);
      references.put(id, new ImmunizationRecommendations.Dose(reference, draft.date()));
    }
    StoredForecast forecast = forecasts.forDoses(doses, birth, sex, flags, day);
    Reference subject =
        patient.getIdElement().hasIdPart()
            ? new Reference("Patient/" + patient.getIdElement().getIdPart())
            : new Reference().setDisplay("the patient of the request");
    return encode(
        ImmunizationRecommendations.parameters(forecast, schedule, day, subject, references));
  }

  private static LocalDate localDate(String value, String where) {
    try {
      return LocalDate.parse(value.substring(0, Math.min(10, value.length())));
    } catch (DateTimeParseException e) {
      throw unusable("Not a date: " + value, where);
    }
  }

  private LocalDate assessmentDate(Parameters.ParametersParameterComponent parameter, String at) {
    if (parameter.getValue() == null || !"date".equals(parameter.getValue().fhirType())) {
      throw invalid("assessmentDate is a valueDate.", at);
    }
    return localDate(parameter.getValue().primitiveValue(), at + ".valueDate");
  }

  /** The day (today in Japan when none is given), refused when it lies after today. */
  private LocalDate checkedDay(LocalDate day, String at) {
    LocalDate today = LocalDate.now(clock);
    if (day == null) {
      return today;
    }
    if (day.isAfter(today)) {
      throw new FhirException(
          ErrorCode.IMMUNIZATION_DATE_IN_FUTURE,
          FhirIssue.error("processing", "assessmentDate is after today (" + today + ").", at));
    }
    return day;
  }

  private static String patientId(String reference, String at) {
    if (reference == null || reference.isBlank()) {
      throw invalid("The patient reference is empty.", at);
    }
    String id =
        reference.startsWith("Patient/") ? reference.substring("Patient/".length()) : reference;
    if (id.contains("/")) {
      throw invalid("The patient reference must be Patient/{id}.", at);
    }
    return id;
  }

  private Parameters parse(String body) {
    FhirException.requireWithinLimits(limits, body);
    IBaseResource resource;
    try {
      resource = FhirJsonBodies.parse(context.newJsonParser(), body);
    } catch (FhirJsonBodies.Unreadable e) {
      throw new FhirException(
          ErrorCode.FHIR_MALFORMED,
          FhirIssue.error("structure", "Not a FHIR resource: " + e.getMessage()));
    }
    if (!(resource instanceof Parameters parameters)) {
      throw new FhirException(
          ErrorCode.FHIR_WRONG_RESOURCE_TYPE,
          FhirIssue.error(
              "structure",
              "The operation takes a Parameters resource, not " + resource.fhirType() + "."));
    }
    return parameters;
  }

  private String encode(Parameters parameters) {
    return context.newJsonParser().encodeResourceToString(parameters);
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static FhirException invalid(String diagnostics, String expression) {
    return new FhirException(
        ErrorCode.INVALID_PARAMETER, FhirIssue.error("invalid", diagnostics, expression));
  }

  private static FhirException unusable(String diagnostics, String expression) {
    return new FhirException(
        ErrorCode.IMMUNIZATION_FORECAST_INPUT,
        FhirIssue.error("processing", diagnostics, expression));
  }
}
