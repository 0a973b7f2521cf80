package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The guardian's download of all their data as one FHIR Bundle (collection): the Patients of the
 * family (children, the pregnant person of each pregnancy), every checkup as Encounter,
 * Observations and QuestionnaireResponses, every vaccination as Immunization, built by the same
 * mappers as the FHIR API; and the records that are not clinical (notices, consents, settings,
 * devices, the sharing log, ...) as DocumentReferences carrying their CSV table.
 */
@Singleton
public class PersonalDataBundles {
  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final HandbookFhirMapper mapper;
  private final ImmunizationResources immunizationResources;
  private final FhirContext context;
  private final Clock clock;
  private final String base;

  PersonalDataBundles(
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      FhirContext context,
      Clock clock,
      app.sukoyaka.security.SecurityConfiguration security) {
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.mapper = new HandbookFhirMapper(catalog);
    this.immunizationResources = new ImmunizationResources(vaccines);
    this.context = context;
    this.clock = clock;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
  }

  /** A table of records that has no clinical FHIR resource: its CSV (UTF-8 with BOM). */
  public record Table(String kind, String description, byte[] csv) {}

  public String bundle(Guardian guardian, List<Table> tables) {
    Map<String, Resource> resources = new LinkedHashMap<>();
    Set<UUID> mothers = new HashSet<>();
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      mothers.add(pregnancy.personId());
    }
    for (UUID mother : mothers) {
      PregnantPerson person = families.pregnantPerson(mother).orElseThrow();
      // Only the pregnancies this guardian reads: a partner sees the shared one, not her others.
      List<Pregnancy> visible =
          person.pregnancies().stream()
              .filter(p -> guardian.pregnancies().stream().anyMatch(g -> g.id().equals(p.id())))
              .toList();
      add(
          resources,
          mapper.patient(
              new PregnantPerson(
                  person.id(),
                  person.municipalityId(),
                  person.municipalityCode(),
                  person.familyName(),
                  person.givenName(),
                  person.familyNameKana(),
                  person.givenNameKana(),
                  person.birthDate(),
                  person.sex(),
                  visible)));
    }
    if (!mothers.contains(guardian.personId())) {
      add(resources, guardianPatient(guardian));
    }
    for (Child child : guardian.children()) {
      add(resources, mapper.patient(child));
    }
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      for (Checkup checkup : checkups.forPregnancy(pregnancy.id())) {
        addCheckup(resources, checkup, pregnancy.personId());
      }
      addImmunizations(
          resources, immunizations.storedOfPregnancy(pregnancy.id()), pregnancy.personId());
    }
    for (Child child : guardian.children()) {
      for (Checkup checkup : checkups.forChild(child.id())) {
        UUID subject = checkup.childId() != null ? checkup.childId() : null;
        if (subject == null) {
          // The newborn's state at birth, recorded at the mother's delivery.
          subject = child.motherPersonId() != null ? child.motherPersonId() : child.id();
        }
        addCheckup(resources, checkup, subject);
      }
      addImmunizations(resources, immunizations.storedOfChild(child.id()), child.id());
    }
    for (Table table : tables) {
      add(resources, document(guardian, table));
    }
    Bundle bundle = new Bundle();
    bundle.setId(UUID.randomUUID().toString());
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(Date.from(clock.instant()));
    bundle.setIdentifier(
        new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + bundle.getId()));
    for (Resource resource : resources.values()) {
      // Records carry the URL the FHIR API serves them at, so that their references (Patient/{id})
      // resolve inside the Bundle as FHIR resolves them, and another Sukoyaka taking the Bundle in
      // finds the child it names; the tables, served nowhere, have a urn:uuid.
      String id = resource.getIdElement().getIdPart();
      bundle
          .addEntry()
          .setFullUrl(
              resource instanceof DocumentReference
                  ? "urn:uuid:" + id
                  : base + "/" + resource.fhirType() + "/" + id)
          .setResource(resource);
    }
    return context.newJsonParser().encodeResourceToString(bundle);
  }

  private void addCheckup(Map<String, Resource> resources, Checkup checkup, UUID patient) {
    add(resources, mapper.encounter(checkup, patient));
    mapper.observations(checkup, patient).forEach(o -> add(resources, o));
    mapper.questionnaireResponses(checkup, patient).forEach(q -> add(resources, q));
  }

  private void addImmunizations(
      Map<String, Resource> resources, List<StoredImmunization> stored, UUID patient) {
    Set<UUID> facilityIds = new HashSet<>();
    stored.forEach(
        s -> {
          if (s.record().facilityId() != null) {
            facilityIds.add(s.record().facilityId());
          }
        });
    Map<UUID, Facility> facilities = immunizations.facilities(facilityIds);
    for (StoredImmunization record : stored) {
      add(
          resources,
          immunizationResources.resource(
              record, patient, facilities.get(record.record().facilityId())));
    }
  }

  /** A guardian who is not the pregnant person of any pregnancy here: a Patient with a name. */
  private Patient guardianPatient(Guardian guardian) {
    Patient patient = new Patient();
    patient.setId(guardian.personId().toString());
    patient.addName().setText(guardian.displayName());
    patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);
    return patient;
  }

  private DocumentReference document(Guardian guardian, Table table) {
    DocumentReference document = new DocumentReference();
    document.setId(
        UUID.nameUUIDFromBytes((guardian.personId() + table.kind()).getBytes()).toString());
    document.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    document.getType().setText(table.kind());
    document.setDescription(table.description());
    document.getSubject().setReference("Patient/" + guardian.personId());
    document.setDate(Date.from(clock.instant()));
    document
        .addContent()
        .setAttachment(
            new Attachment()
                .setContentType("text/csv; charset=utf-8")
                .setTitle(table.kind() + ".csv")
                .setData(table.csv()));
    return document;
  }

  private static void add(Map<String, Resource> resources, Resource resource) {
    resources.putIfAbsent(
        resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
  }
}
