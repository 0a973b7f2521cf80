package app.sukoyaka.fhir;

import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineKind;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Vaccination records and FHIR Immunizations ({@code sukoyaka-immunization}), both ways: a stored
 * record as the resource served back (its source in primarySource and reportOrigin, its
 * verification and credits in our extensions), and a clinic's or a family's Immunization as the
 * draft the vaccination rules read. Pure.
 */
public final class ImmunizationResources {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final Map<String, String> SOURCE_CODES =
      Map.of(
          "clinic", "clinic",
          "municipal", "municipal",
          "parent", "parent",
          "transfer", "transfer",
          "my_portal", "my-portal",
          "abroad", "abroad");

  private final VaccineCatalog catalog;

  public ImmunizationResources(VaccineCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The stored record as an Immunization about {@code patientId} (the child, or the pregnant
   * person's Patient).
   */
  public Immunization resource(StoredImmunization stored, UUID patientId, Facility facility) {
    ImmunizationRecord record = stored.record();
    Immunization immunization = new Immunization();
    immunization.setId(record.id().toString());
    immunization.getMeta().addProfile(SukoyakaCanonicals.IMMUNIZATION_PROFILE);
    immunization.getMeta().setVersionId(Integer.toString(record.version()));
    immunization.getMeta().setLastUpdated(Date.from(record.updatedAt()));
    immunization.addExtension(
        SukoyakaCanonicals.VERIFICATION_EXTENSION, new CodeType(record.verification().code()));
    for (ImmunizationRecord.Credit credit : record.credits()) {
      Extension extension = immunization.addExtension();
      extension.setUrl(SukoyakaCanonicals.CREDIT_EXTENSION);
      extension.addExtension("series", new CodeType(credit.vaccine()));
      if (credit.doseLabel() != null) {
        extension.addExtension("dose", new StringType(credit.doseLabel()));
      }
    }
    if (record.country() != null) {
      immunization.addExtension(
          SukoyakaCanonicals.COUNTRY_EXTENSION,
          new Coding(SukoyakaCanonicals.ISO_3166_SYSTEM, record.country(), null));
    }
    immunization.setStatus(
        stored.retracted()
            ? Immunization.ImmunizationStatus.ENTEREDINERROR
            : Immunization.ImmunizationStatus.COMPLETED);
    CodeableConcept vaccine = immunization.getVaccineCode();
    vaccine.addCoding(
        new Coding(record.vaccine().system(), record.vaccine().code(), record.vaccine().display()));
    VaccineKind kind =
        record.vaccineKind() == null ? null : catalog.kind(record.vaccineKind()).orElse(null);
    if (kind != null && !record.vaccine().system().equals(SukoyakaCanonicals.VACCINE_KIND_SYSTEM)) {
      vaccine.addCoding(
          new Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, kind.code(), kind.label().ja()));
    }
    if (record.product() != null
        && !(record.vaccine().system().equals(SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM)
            && record.vaccine().code().equals(record.product()))) {
      String display =
          catalog
              .kindOfProduct(record.product())
              .flatMap(k -> k.product(record.product()))
              .map(p -> p.label().ja())
              .orElse(null);
      vaccine.addCoding(
          new Coding(SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM, record.product(), display));
    }
    vaccine.setText(
        kind != null
            ? kind.label().ja()
            : record.vaccine().display() != null
                ? record.vaccine().display()
                : record.vaccine().code());
    immunization.setPatient(new Reference("Patient/" + patientId));
    immunization.setOccurrence(new DateTimeType(record.occurrenceDate().toString()));
    immunization.setRecorded(Date.from(record.recordedAt()));
    boolean primary = record.source() == ImmunizationRecord.Source.CLINIC;
    immunization.setPrimarySource(primary);
    if (!primary) {
      immunization
          .getReportOrigin()
          .addCoding(
              new Coding(
                  SukoyakaCanonicals.IMMUNIZATION_SOURCE_SYSTEM,
                  SOURCE_CODES.get(record.source().code()),
                  null));
    }
    if (record.lotNumber() != null) {
      immunization.setLotNumber(record.lotNumber());
    }
    if (facility != null || record.performerName() != null) {
      Reference actor = new Reference();
      if (facility != null) {
        actor.setIdentifier(
            new Identifier()
                .setSystem(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
                .setValue(facility.medicalInstitutionCode()));
      }
      actor.setDisplay(record.performerName() != null ? record.performerName() : facility.name());
      immunization.addPerformer().setActor(actor);
    }
    if (record.note() != null) {
      immunization.addNote(new Annotation().setText(record.note()));
    }
    immunization
        .addProgramEligibility()
        .addCoding(
            new Coding(
                SukoyakaCanonicals.IMMUNIZATION_PROGRAM_SYSTEM,
                record.routine() ? "routine" : "voluntary",
                record.routine() ? "定期接種" : "任意接種"));
    if (record.doseLabel() != null) {
      immunization.addProtocolApplied().setDoseNumber(new StringType(record.doseLabel()));
    }
    return immunization;
  }

  /**
   * What an Immunization says, for the vaccination rules.
   *
   * @param at the FHIRPath of the resource, such as {@code Bundle.entry[1].resource} or {@code
   *     Immunization}, for the locations of errors
   * @throws FhirException when a day, a coding or a dose cannot be read
   */
  public VaccinationDraft draft(Immunization immunization, String at) {
    if (immunization.getStatus() != Immunization.ImmunizationStatus.COMPLETED) {
      throw new FhirException(
          ErrorCode.IMMUNIZATION_NOT_COMPLETED,
          FhirIssue.error(
              "business-rule",
              "Only vaccinations given (status completed) are recorded; a clinic retracts its own"
                  + " record with DELETE.",
              at + ".status"));
    }
    List<ImmunizationRecord.Coding> codings = new ArrayList<>();
    for (Coding coding : immunization.getVaccineCode().getCoding()) {
      if (coding.hasSystem() && coding.hasCode()) {
        codings.add(
            new ImmunizationRecord.Coding(
                coding.getSystem(), coding.getCode(), coding.getDisplay()));
      }
    }
    if (codings.isEmpty()) {
      throw new FhirException(
          ErrorCode.FHIR_PROFILE_VIOLATION,
          FhirIssue.error(
              "required", "vaccineCode needs a coding with system and code.", at + ".vaccineCode"));
    }
    if (!immunization.hasOccurrenceDateTimeType()
        || immunization.getOccurrenceDateTimeType().getPrecision().ordinal()
            < TemporalPrecisionEnum.DAY.ordinal()) {
      throw new FhirException(
          ErrorCode.FHIR_PROFILE_VIOLATION,
          FhirIssue.error(
              "invalid", "occurrenceDateTime must name the day of the dose.", at + ".occurrence"));
    }
    DateTimeType occurrence = immunization.getOccurrenceDateTimeType();
    LocalDate date =
        occurrence.getPrecision() == TemporalPrecisionEnum.DAY
            ? LocalDate.parse(occurrence.getValueAsString().substring(0, 10))
            : occurrence.getValue().toInstant().atZone(JAPAN).toLocalDate();
    String label = null;
    Integer foreign = null;
    if (immunization.hasProtocolApplied()) {
      Immunization.ImmunizationProtocolAppliedComponent applied =
          immunization.getProtocolAppliedFirstRep();
      if (applied.getDoseNumber() instanceof StringType text) {
        label = text.getValue();
      } else if (applied.getDoseNumber() instanceof PositiveIntType number) {
        foreign = number.getValue();
      }
    }
    Boolean routine = null;
    for (CodeableConcept program : immunization.getProgramEligibility()) {
      for (Coding coding : program.getCoding()) {
        if (SukoyakaCanonicals.IMMUNIZATION_PROGRAM_SYSTEM.equals(coding.getSystem())) {
          routine = "routine".equals(coding.getCode());
        }
      }
    }
    String performerCode = null;
    String performerName = null;
    if (immunization.hasPerformer()) {
      Reference actor = immunization.getPerformerFirstRep().getActor();
      if (SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM.equals(
          actor.getIdentifier().getSystem())) {
        performerCode = actor.getIdentifier().getValue();
      }
      performerName = actor.getDisplay();
    }
    String country = null;
    Extension countryExtension =
        immunization.getExtensionByUrl(SukoyakaCanonicals.COUNTRY_EXTENSION);
    if (countryExtension != null && countryExtension.getValue() instanceof Coding coding) {
      country = coding.getCode();
    }
    List<String> notes = new ArrayList<>();
    immunization.getNote().forEach(note -> notes.add(note.getText()));
    return new VaccinationDraft(
        codings,
        date,
        null,
        label,
        foreign,
        routine,
        immunization.getLotNumber(),
        performerName,
        performerCode,
        country,
        notes.isEmpty() ? null : String.join("\n", notes));
  }

  /** The element of an Immunization a rule's error is about, from the member the rule names. */
  public static String element(String field) {
    if (field == null) {
      return null;
    }
    return switch (field) {
      case "date" -> "occurrenceDateTime";
      case "vaccine", "product" -> "vaccineCode";
      case "dose" -> "protocolApplied[0].doseNumberString";
      case "routine" -> "programEligibility[0]";
      case "country" -> "extension";
      case "performer" -> "performer[0].actor";
      default -> null;
    };
  }
}
