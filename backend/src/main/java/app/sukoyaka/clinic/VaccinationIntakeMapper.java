package app.sukoyaka.clinic;

import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.fhir.ImmunizationResources;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Maps a validated vaccination submission (one Patient, its Immunizations) to the person it is
 * about and one draft per dose, before the person is matched and the vaccination rules are applied.
 * Pure apart from the encoder that keeps each Immunization as the clinic sent it.
 */
final class VaccinationIntakeMapper {
  private final ImmunizationResources resources;
  private final Function<Immunization, String> encoder;

  VaccinationIntakeMapper(ImmunizationResources resources, Function<Immunization, String> encoder) {
    this.resources = resources;
    this.encoder = encoder;
  }

  /**
   * The vaccinated person as the submission identifies them.
   *
   * @param declared the child or the mother when the Patient says which (its profile, a mother
   *     extension, a birth order), else null
   */
  record Vaccinated(
      int entry,
      String fullUrl,
      Subject declared,
      String municipalityCode,
      String handbookNumber,
      LocalDate birthDate,
      int birthOrder) {
    String identifierPath() {
      return "Bundle.entry[" + entry + "].resource.identifier";
    }
  }

  /** One dose: its entry, the record id it will have, the draft and the resource as sent. */
  record Dose(int entry, UUID id, String fullUrl, VaccinationDraft draft, String payload) {
    String path(String element) {
      return "Bundle.entry[" + entry + "].resource" + (element == null ? "" : "." + element);
    }
  }

  record Mapped(
      String identifierSystem,
      String identifierValue,
      Vaccinated person,
      List<Dose> doses,
      List<MappedSubmission.EntryResult> entries) {}

  Mapped map(Bundle bundle) {
    Vaccinated person = null;
    List<Dose> doses = new ArrayList<>();
    List<MappedSubmission.EntryResult> entries = new ArrayList<>();
    List<Bundle.BundleEntryComponent> all = bundle.getEntry();
    for (int i = 0; i < all.size(); i++) {
      Resource resource = all.get(i).getResource();
      String fullUrl = all.get(i).getFullUrl();
      if (resource instanceof Patient patient && person == null) {
        person = vaccinated(i, fullUrl, patient);
        entries.add(new MappedSubmission.EntryResult("Patient", null, fullUrl));
      } else if (resource instanceof Immunization immunization) {
        UUID id = Ids.newId();
        String at = "Bundle.entry[" + i + "].resource";
        doses.add(
            new Dose(
                i, id, fullUrl, resources.draft(immunization, at), encoder.apply(immunization)));
        entries.add(new MappedSubmission.EntryResult("Immunization", id, fullUrl));
      } else {
        throw structure(
            "A vaccination submission carries one Patient and its Immunizations; "
                + resource.fhirType()
                + " is not accepted here.",
            "Bundle.entry[" + i + "].resource");
      }
    }
    if (person == null || doses.isEmpty()) {
      throw structure(
          "A vaccination submission carries one Patient and at least one Immunization.",
          "Bundle.entry");
    }
    for (Dose dose : doses) {
      Immunization immunization = (Immunization) all.get(dose.entry()).getResource();
      if (!person.fullUrl().equals(immunization.getPatient().getReference())) {
        throw structure(
            "patient must reference the Patient of this Bundle by its fullUrl.",
            dose.path("patient"));
      }
    }
    Identifier identifier = bundle.getIdentifier();
    return new Mapped(identifier.getSystem(), identifier.getValue(), person, doses, entries);
  }

  private static Vaccinated vaccinated(int index, String fullUrl, Patient patient) {
    List<String[]> handbooks = new ArrayList<>();
    for (Identifier identifier : patient.getIdentifier()) {
      Optional<String> municipality =
          SukoyakaCanonicals.parseHandbookNumberSystem(identifier.getSystem());
      if (municipality.isPresent() && identifier.hasValue()) {
        handbooks.add(new String[] {municipality.get(), identifier.getValue()});
      }
    }
    String at = "Bundle.entry[" + index + "].resource.";
    if (handbooks.size() != 1) {
      throw structure(
          "The Patient must carry exactly one handbook number; found " + handbooks.size() + ".",
          at + "identifier");
    }
    if (!patient.hasBirthDate()
        || patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
      throw structure("The Patient's birthDate must be a full date.", at + "birthDate");
    }
    int birthOrder = 1;
    if (patient.getMultipleBirth() instanceof IntegerType order) {
      birthOrder = order.getValue();
    }
    return new Vaccinated(
        index,
        fullUrl,
        declared(patient),
        handbooks.get(0)[0],
        handbooks.get(0)[1],
        LocalDate.parse(patient.getBirthDateElement().getValueAsString()),
        birthOrder);
  }

  /** Whom the Patient says it is: by its profile, a mother link or a birth order. */
  private static Subject declared(Patient patient) {
    for (var profile : patient.getMeta().getProfile()) {
      String canonical = SukoyakaCanonicals.unversioned(profile.getValue());
      if (canonical.equals(SukoyakaCanonicals.unversioned(SukoyakaCanonicals.CHILD_PROFILE))) {
        return Subject.CHILD;
      }
      if (canonical.equals(
          SukoyakaCanonicals.unversioned(SukoyakaCanonicals.PREGNANT_PERSON_PROFILE))) {
        return Subject.MOTHER;
      }
    }
    Extension mother = patient.getExtensionByUrl(SukoyakaCanonicals.MOTHER_EXTENSION);
    if (mother != null || patient.hasMultipleBirth()) {
      return Subject.CHILD;
    }
    return null;
  }

  private static FhirException structure(String message, String path) {
    return new FhirException(
        ErrorCode.FHIR_BUNDLE_STRUCTURE, FhirIssue.error("structure", message, path));
  }
}
