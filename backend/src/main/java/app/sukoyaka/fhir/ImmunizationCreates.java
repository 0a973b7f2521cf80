package app.sukoyaka.fhir;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.ValidationIssue;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.security.Principal;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Immunization;

/**
 * {@code POST /fhir/Immunization}: a vaccination given abroad, as the family's record from that
 * country carries it (CVX, SNOMED CT or ATC), entered by a guardian (unverified) or by staff
 * (verified). Held to {@code sukoyaka-immunization}; credited through the mapping for records from
 * abroad, and kept without credit when no row names its code.
 */
@Singleton
class ImmunizationCreates {
  private final FhirContext context;
  private final SukoyakaValidator validator;
  private final FamilyService families;
  private final ImmunizationRecords records;
  private final ImmunizationHistory history;
  private final ImmunizationResources resources;

  private final JsonLimits limits;

  ImmunizationCreates(
      FhirContext context,
      SukoyakaValidator validator,
      FamilyService families,
      ImmunizationRecords records,
      ImmunizationHistory history,
      VaccineCatalog catalog,
      JsonLimits limits) {
    this.limits = limits;
    this.context = context;
    this.validator = validator;
    this.families = families;
    this.records = records;
    this.history = history;
    this.resources = new ImmunizationResources(catalog);
  }

  /** The stored record as served back, with its id. */
  record Created(UUID id, String json) {}

  Created create(Principal principal, String body) {
    Immunization immunization = parse(body);
    ValidationReport report =
        validator.validate(immunization, SukoyakaCanonicals.IMMUNIZATION_PROFILE);
    if (!report.isValid()) {
      List<FhirIssue> issues = new ArrayList<>();
      for (ValidationIssue issue : report.errors()) {
        if (issues.size() == 50) {
          break;
        }
        issues.add(
            new FhirIssue(
                issue.severity() == ValidationIssue.Severity.FATAL ? "fatal" : "error",
                "invalid",
                issue.message(),
                List.of(issue.location())));
      }
      throw new FhirException(ErrorCode.FHIR_PROFILE_VIOLATION, issues);
    }
    VaccinationDraft draft = resources.draft(immunization, "Immunization");
    String reference = immunization.getPatient().getReference();
    UUID patientId =
        patientId(reference)
            .orElseThrow(
                () ->
                    new FhirException(
                        ErrorCode.FHIR_BUNDLE_STRUCTURE,
                        FhirIssue.error(
                            "invalid",
                            "patient must reference a Patient of this server as Patient/{id}.",
                            "Immunization.patient")));
    // The resource as received is kept with the record, as a clinic's submission is.
    String payload = body;
    StoredImmunization stored;
    UUID aboutPatient;
    try {
      if (families.child(patientId).isPresent()) {
        stored =
            records.enterForChild(
                principal, patientId, draft, ImmunizationRecords.Channel.ABROAD, null, payload);
        aboutPatient = patientId;
      } else {
        Pregnancy pregnancy =
            families
                .pregnantPerson(patientId)
                .flatMap(ImmunizationCreates::currentPregnancy)
                .orElseThrow(
                    () ->
                        new FhirException(
                            ErrorCode.NOT_FOUND,
                            FhirIssue.error(
                                "not-found",
                                reference + " is not known.",
                                "Immunization.patient")));
        stored =
            records.enterForPregnancy(
                principal,
                pregnancy.id(),
                draft,
                ImmunizationRecords.Channel.ABROAD,
                null,
                payload);
        aboutPatient = patientId;
      }
    } catch (ImmunizationEntryException refused) {
      String element = ImmunizationResources.element(refused.field());
      throw new FhirException(
          refused.errorCode(),
          element == null
              ? FhirIssue.error(
                  OperationOutcomes.defaultType(refused.errorCode()), refused.getMessage())
              : FhirIssue.error(
                  OperationOutcomes.defaultType(refused.errorCode()),
                  refused.getMessage(),
                  "Immunization." + element));
    }
    UUID facilityId = stored.record().facilityId();
    Facility facility =
        facilityId == null ? null : history.facilities(List.of(facilityId)).get(facilityId);
    Immunization created = resources.resource(stored, aboutPatient, facility);
    return new Created(
        stored.record().id(), context.newJsonParser().encodeResourceToString(created));
  }

  /** The pregnancy a pregnant person's vaccination belongs to: her active one, else her latest. */
  private static Optional<Pregnancy> currentPregnancy(PregnantPerson person) {
    List<Pregnancy> pregnancies = person.pregnancies();
    for (int i = pregnancies.size() - 1; i >= 0; i--) {
      if ("active".equals(pregnancies.get(i).status())) {
        return Optional.of(pregnancies.get(i));
      }
    }
    return pregnancies.isEmpty()
        ? Optional.empty()
        : Optional.of(pregnancies.get(pregnancies.size() - 1));
  }

  private static Optional<UUID> patientId(String reference) {
    if (reference == null || !reference.startsWith("Patient/")) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(reference.substring("Patient/".length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Immunization parse(String body) {
    FhirException.requireWithinLimits(limits, body);
    IBaseResource resource;
    try {
      resource =
          FhirJsonBodies.parse(
              context.newJsonParser().setParserErrorHandler(new StrictErrorHandler()), body);
    } catch (FhirJsonBodies.Unreadable e) {
      throw new FhirException(
          ErrorCode.FHIR_MALFORMED,
          FhirIssue.error(
              "structure", "The body is not a valid FHIR JSON resource: " + e.getMessage()));
    }
    if (!(resource instanceof Immunization immunization)) {
      throw new FhirException(
          ErrorCode.FHIR_WRONG_RESOURCE_TYPE,
          FhirIssue.error("structure", "POST /fhir/Immunization takes an Immunization."));
    }
    return immunization;
  }
}
