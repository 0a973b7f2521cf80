package app.sukoyaka.testing;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * A clinic's vaccination submission as a clinic system would build it: the Patient the doses were
 * given to (the child, by handbook number and birth date; or the pregnant person) and one
 * Immunization per dose, each by our vaccine kind, with the clinic's 医療機関コード, 定期 or 任意 and the dose
 * label.
 */
public final class VaccinationBundle {
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private final Bundle bundle = new Bundle();
  private final String patientUrl = "urn:uuid:" + UUID.randomUUID();
  private final String medicalInstitutionCode;
  private Immunization last;

  private VaccinationBundle(Patient patient, String medicalInstitutionCode) {
    this.medicalInstitutionCode = medicalInstitutionCode;
    bundle.setType(Bundle.BundleType.TRANSACTION);
    bundle.setIdentifier(
        new Identifier()
            .setSystem("https://clinic.example.jp/fhir/sid/submission")
            .setValue(UUID.randomUUID().toString()));
    SubmissionEntries.patient(bundle, patientUrl, patient);
  }

  /** Doses the clinic gave the family's infant. */
  public static VaccinationBundle forChild(
      Personas.FamilyWithInfant family, Personas.Clinic clinic) {
    Patient child = new Patient();
    child.addIdentifier(
        new Identifier()
            .setSystem(family.mother().handbookSystem())
            .setValue(family.mother().handbookNumber()));
    child.setGender(Enumerations.AdministrativeGender.MALE);
    child.setBirthDateElement(new DateType(family.childBirthDate().toString()));
    return new VaccinationBundle(child, clinic.medicalInstitutionCode());
  }

  /** Doses the clinic gave the pregnant person. */
  public static VaccinationBundle forPregnantPerson(
      Personas.Mother mother, Personas.Clinic clinic) {
    Patient patient = new Patient();
    patient.addIdentifier(
        new Identifier().setSystem(mother.handbookSystem()).setValue(mother.handbookNumber()));
    patient.setBirthDateElement(new DateType(mother.birthDate().toString()));
    return new VaccinationBundle(patient, clinic.medicalInstitutionCode());
  }

  /** One more dose of our vaccine kind; {@code doseLabel} null leaves protocolApplied out. */
  public VaccinationBundle dose(String kind, LocalDate date, String doseLabel, boolean routine) {
    Immunization dose = new Immunization();
    dose.setStatus(Immunization.ImmunizationStatus.COMPLETED);
    dose.getVaccineCode().addCoding(new Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, kind, null));
    dose.setPatient(new Reference(patientUrl));
    dose.setOccurrence(new DateTimeType(date.toString()));
    dose.setPrimarySource(true);
    dose.setLotNumber("LOT-" + kind);
    dose.addPerformer()
        .setActor(
            new Reference()
                .setIdentifier(
                    new Identifier()
                        .setSystem(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
                        .setValue(medicalInstitutionCode)));
    dose.addProgramEligibility(
        new CodeableConcept(
            new Coding(
                SukoyakaCanonicals.IMMUNIZATION_PROGRAM_SYSTEM,
                routine ? "routine" : "voluntary",
                null)));
    if (doseLabel != null) {
      dose.addProtocolApplied().setDoseNumber(new StringType(doseLabel));
    }
    SubmissionEntries.post(bundle, null, dose);
    last = dose;
    return this;
  }

  /** The last dose also names its product (RV1, 9vHPV, PCV20 …). */
  public VaccinationBundle product(String product) {
    last.getVaccineCode()
        .addCoding(new Coding(SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM, product, null));
    return this;
  }

  /** The last dose is coded only as given here (another system's code instead of ours). */
  public VaccinationBundle codedOnlyAs(String system, String code) {
    last.getVaccineCode().getCoding().clear();
    last.getVaccineCode().addCoding(new Coding(system, code, null));
    return this;
  }

  /** The last dose names another performer's 医療機関コード. */
  public VaccinationBundle performedBy(String medicalInstitutionCode) {
    last.getPerformerFirstRep().getActor().getIdentifier().setValue(medicalInstitutionCode);
    return this;
  }

  public VaccinationBundle identifier(String value) {
    bundle.getIdentifier().setValue(value);
    return this;
  }

  public String identifierValue() {
    return bundle.getIdentifier().getValue();
  }

  public Bundle bundle() {
    return bundle;
  }

  public String json() {
    return FHIR.newJsonParser().encodeResourceToString(bundle);
  }
}
