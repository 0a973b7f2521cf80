package app.sukoyaka.clinic;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CatalogPanel;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Maps a validated clinic submission to domain values: the patient key, one checkup per Encounter
 * and one finding per Observation (two for a blood-pressure panel), every value in its catalog
 * item's canonical unit and checked against the item's plausible range. Pure: no I/O.
 */
final class IntakeMapper {
  static final String GESTATIONAL_AGE_ITEM = "gestational-age";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final CheckupItemCatalog catalog;

  IntakeMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
  }

  MappedSubmission map(Bundle bundle) {
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    Map<String, Integer> patients = new HashMap<>();
    Map<String, Integer> encounters = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Resource resource = entries.get(i).getResource();
      String fullUrl = entries.get(i).getFullUrl();
      if (resource instanceof Patient) {
        patients.put(fullUrl, i);
      } else if (resource instanceof Encounter) {
        encounters.put(fullUrl, i);
      }
    }
    if (patients.size() != 1) {
      throw structure(
          "A submission must contain exactly one Patient (the pregnant person); found "
              + patients.size()
              + ".",
          "Bundle.entry");
    }
    String patientUrl = patients.keySet().iterator().next();
    MappedSubmission.PatientKey patient =
        patientKey(
            patients.get(patientUrl),
            (Patient) entries.get(patients.get(patientUrl)).getResource());

    Map<Integer, UUID> encounterIds = new HashMap<>();
    Map<Integer, List<NewCheckup.NewFinding>> findings = new HashMap<>();
    for (Map.Entry<String, Integer> encounter : encounters.entrySet()) {
      int index = encounter.getValue();
      Encounter resource = (Encounter) entries.get(index).getResource();
      requireReference(resource.getSubject(), patientUrl, index, "subject");
      encounterIds.put(index, Ids.newId());
      findings.put(index, new ArrayList<>());
    }

    List<MappedSubmission.EntryResult> results = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Resource resource = entries.get(i).getResource();
      if (resource instanceof Patient) {
        results.add(new MappedSubmission.EntryResult("Patient", null));
      } else if (resource instanceof Encounter) {
        results.add(new MappedSubmission.EntryResult("Encounter", encounterIds.get(i)));
      } else if (resource instanceof Observation observation) {
        requireReference(observation.getSubject(), patientUrl, i, "subject");
        Integer encounter = encounters.get(observation.getEncounter().getReference());
        if (encounter == null) {
          throw structure(
              "The Observation must reference an Encounter of this Bundle by its fullUrl.",
              path(i, "encounter"));
        }
        UUID observationId = Ids.newId();
        findings.get(encounter).addAll(findings(observation, path(i, ""), observationId));
        results.add(new MappedSubmission.EntryResult("Observation", observationId));
      } else {
        throw structure(
            resource.fhirType() + " is not accepted in a checkup submission.",
            "Bundle.entry[" + i + "].resource");
      }
    }

    List<MappedSubmission.DraftCheckup> checkups = new ArrayList<>();
    for (Map.Entry<Integer, UUID> encounter : new java.util.TreeMap<>(encounterIds).entrySet()) {
      int index = encounter.getKey();
      Encounter resource = (Encounter) entries.get(index).getResource();
      List<NewCheckup.NewFinding> found = findings.get(index);
      checkups.add(
          new MappedSubmission.DraftCheckup(
              encounter.getValue(),
              kind(resource, index),
              visitDate(resource, index),
              gestationalAgeDays(found),
              found));
    }
    if (checkups.isEmpty()) {
      throw structure("A submission must contain at least one Encounter.", "Bundle.entry");
    }
    Identifier identifier = bundle.getIdentifier();
    return new MappedSubmission(
        identifier.getSystem(), identifier.getValue(), patient, checkups, results);
  }

  private MappedSubmission.PatientKey patientKey(int index, Patient patient) {
    List<String[]> handbooks = new ArrayList<>();
    for (Identifier identifier : patient.getIdentifier()) {
      Optional<String> municipality =
          SukoyakaCanonicals.parseHandbookNumberSystem(identifier.getSystem());
      if (municipality.isPresent() && identifier.hasValue()) {
        handbooks.add(new String[] {municipality.get(), identifier.getValue()});
      }
    }
    if (handbooks.size() != 1) {
      throw structure(
          "The Patient must carry exactly one handbook number (the pregnancy this checkup"
              + " belongs to); found "
              + handbooks.size()
              + ".",
          path(index, "identifier"));
    }
    if (!patient.hasBirthDate()
        || patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
      throw structure("The Patient's birthDate must be a full date.", path(index, "birthDate"));
    }
    LocalDate birthDate = LocalDate.parse(patient.getBirthDateElement().getValueAsString());
    return new MappedSubmission.PatientKey(
        index, handbooks.get(0)[0], handbooks.get(0)[1], birthDate);
  }

  private static String kind(Encounter encounter, int index) {
    for (CodeableConcept type : encounter.getType()) {
      for (Coding coding : type.getCoding()) {
        if (SukoyakaCanonicals.CHECKUP_KIND_SYSTEM.equals(coding.getSystem())) {
          return coding.getCode();
        }
      }
    }
    throw structure("The Encounter must name its checkup kind.", path(index, "type"));
  }

  private static LocalDate visitDate(Encounter encounter, int index) {
    DateTimeType start = encounter.getPeriod().getStartElement();
    if (start.getValue() == null
        || start.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
      throw structure(
          "The Encounter's period.start must be at least a full date.",
          path(index, "period.start"));
    }
    if (start.getPrecision() == TemporalPrecisionEnum.DAY) {
      return LocalDate.parse(start.getValueAsString().substring(0, 10));
    }
    // A visit time is an instant; the visit date is the date in Japan.
    return start.getValue().toInstant().atZone(JAPAN).toLocalDate();
  }

  private static Integer gestationalAgeDays(List<NewCheckup.NewFinding> findings) {
    for (NewCheckup.NewFinding finding : findings) {
      if (GESTATIONAL_AGE_ITEM.equals(finding.itemCode())
          && finding.value() instanceof FindingValue.Quantity q) {
        return q.value().setScale(0, RoundingMode.HALF_UP).intValueExact();
      }
    }
    return null;
  }

  /**
   * The findings of one Observation sent on its own (a clinic's correction), with paths from {@code
   * Observation}.
   */
  List<NewCheckup.NewFinding> correction(Observation observation, UUID observationId) {
    return findings(observation, "Observation.", observationId);
  }

  private List<NewCheckup.NewFinding> findings(
      Observation observation, String at, UUID observationId) {
    List<NewCheckup.NewFinding> result = new ArrayList<>();
    for (Coding coding : observation.getCode().getCoding()) {
      Optional<CatalogItem> item = catalog.byCoding(coding.getSystem(), coding.getCode());
      if (item.isPresent()) {
        if (observation.hasValue()) {
          result.add(
              finding(item.get(), observation.getValue(), at + "value", observationId, coding));
        }
        return result;
      }
      Optional<CatalogPanel> panel = catalog.panelByCoding(coding.getSystem(), coding.getCode());
      if (panel.isPresent()) {
        for (int c = 0; c < observation.getComponent().size(); c++) {
          Observation.ObservationComponentComponent component = observation.getComponent().get(c);
          CatalogItem componentItem = componentItem(component, at, c);
          if (component.hasValue()) {
            result.add(
                finding(
                    componentItem,
                    component.getValue(),
                    at + "component[" + c + "].value",
                    observationId,
                    component.getCode().getCodingFirstRep()));
          }
        }
        return result;
      }
    }
    throw new FhirException(
        ErrorCode.FHIR_PROFILE_VIOLATION,
        FhirIssue.error("code-invalid", "No catalog item has this code.", at + "code"));
  }

  private CatalogItem componentItem(
      Observation.ObservationComponentComponent component, String at, int c) {
    for (Coding coding : component.getCode().getCoding()) {
      Optional<CatalogItem> item = catalog.byCoding(coding.getSystem(), coding.getCode());
      if (item.isPresent()) {
        return item.get();
      }
    }
    throw new FhirException(
        ErrorCode.FHIR_PROFILE_VIOLATION,
        FhirIssue.error(
            "code-invalid",
            "No catalog item has this component code.",
            at + "component[" + c + "].code"));
  }

  private static NewCheckup.NewFinding finding(
      CatalogItem item, Type value, String path, UUID observationId, Coding source) {
    FindingValue mapped =
        switch (item.valueType()) {
          case QUANTITY -> quantity(item, value, path);
          case CODED -> coded(item, value, path);
          case BOOLEAN -> new FindingValue.Flag(value.castToBoolean(value).booleanValue());
          case STRING -> new FindingValue.Text(value.primitiveValue());
          case DATE ->
              new FindingValue.Day(LocalDate.parse(value.primitiveValue().substring(0, 10)));
        };
    return new NewCheckup.NewFinding(
        Ids.newId(), observationId, item.code(), mapped, source.getSystem(), source.getCode());
  }

  private static FindingValue quantity(CatalogItem item, Type value, String path) {
    if (!(value instanceof Quantity quantity) || !quantity.hasValue()) {
      throw invalid(item, "needs a quantity", path);
    }
    String unit = quantity.getCode();
    BigDecimal canonical =
        item.toCanonical(quantity.getValue(), unit)
            .orElseThrow(
                () ->
                    invalid(
                        item,
                        "cannot be given in "
                            + unit
                            + "; use "
                            + String.join(", ", item.units().stream().map(u -> u.ucum()).toList()),
                        path + "Quantity.code"));
    if (!item.plausibleRange().contains(canonical)) {
      throw new FhirException(
          ErrorCode.FHIR_IMPLAUSIBLE_VALUE,
          FhirIssue.error(
              "value",
              item.label().en()
                  + " ("
                  + item.label().ja()
                  + ") of "
                  + quantity.getValue().toPlainString()
                  + " "
                  + unit
                  + " is outside the plausible range "
                  + item.plausibleRange().min().toPlainString()
                  + "–"
                  + item.plausibleRange().max().toPlainString()
                  + " "
                  + item.canonicalUnit().orElse("")
                  + ".",
              path + "Quantity.value"));
    }
    return new FindingValue.Quantity(canonical, item.canonicalUnit().orElseThrow());
  }

  private static FindingValue coded(CatalogItem item, Type value, String path) {
    if (value instanceof CodeableConcept concept) {
      for (Coding coding : concept.getCoding()) {
        if (item.answer(coding.getSystem(), coding.getCode()).isPresent()) {
          return new FindingValue.Coded(coding.getSystem(), coding.getCode());
        }
      }
    }
    throw invalid(item, "needs one of its answer codes", path + "CodeableConcept");
  }

  private static FhirException invalid(CatalogItem item, String problem, String path) {
    return new FhirException(
        ErrorCode.FHIR_PROFILE_VIOLATION,
        FhirIssue.error("invalid", item.label().en() + " " + problem + ".", path));
  }

  private static void requireReference(
      Reference reference, String expected, int index, String element) {
    if (reference == null || !expected.equals(reference.getReference())) {
      throw structure(
          "The " + element + " must reference the Patient of this Bundle by its fullUrl.",
          path(index, element));
    }
  }

  private static String path(int index, String element) {
    return "Bundle.entry[" + index + "].resource." + element;
  }

  private static FhirException structure(String message, String path) {
    return new FhirException(
        ErrorCode.FHIR_BUNDLE_STRUCTURE, FhirIssue.error("structure", message, path));
  }
}
