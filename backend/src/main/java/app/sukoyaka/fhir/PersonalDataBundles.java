package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.family.records.OwnRecord;
import app.sukoyaka.family.records.OwnRecordItems;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
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
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;

/**
 * The guardian's download of all their data as one FHIR Bundle (collection): the Patients of the
 * family (children, the pregnant person of each pregnancy), every checkup as Encounter,
 * Observations and QuestionnaireResponses, every vaccination as Immunization, built by the same
 * mappers as the FHIR API; for each person the IPS-style summary document ({@code document} Bundle
 * with a Composition, as {@code Patient/$summary}); the parents' own records and the notices
 * received as resources ({@link FamilyEntryResources}); and the other records that are not clinical
 * (consents, settings, devices, the sharing log, ...) as DocumentReferences carrying their CSV
 * table.
 */
@Singleton
public class PersonalDataBundles {
  private final FamilyService families;
  private final CheckupService checkups;
  private final CheckupItemCatalog catalog;
  private final MunicipalityRepository municipalities;
  private final ImmunizationHistory immunizations;
  private final HandbookFhirMapper mapper;
  private final ImmunizationResources immunizationResources;
  private final FhirContext context;
  private final Clock clock;
  private final String base;
  private final app.sukoyaka.family.FamilyRepositories.PregnancyRepository pregnancyRows;
  private final app.sukoyaka.immunization.PrescreeningService prescreenings;
  private final app.sukoyaka.municipality.transfer.RecordOrigins origins;

  PersonalDataBundles(
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      FhirContext context,
      Clock clock,
      app.sukoyaka.security.SecurityConfiguration security,
      MunicipalityRepository municipalities,
      app.sukoyaka.family.FamilyRepositories.PregnancyRepository pregnancyRows,
      app.sukoyaka.immunization.PrescreeningService prescreenings,
      app.sukoyaka.municipality.transfer.RecordOrigins origins) {
    this.origins = origins;
    this.pregnancyRows = pregnancyRows;
    this.prescreenings = prescreenings;
    this.families = families;
    this.checkups = checkups;
    this.catalog = catalog;
    this.municipalities = municipalities;
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
    return bundle(guardian, tables, List.of(), List.of());
  }

  /**
   * The download: the family's Patients and clinical records, for each of them (each child, each
   * pregnant person) the IPS-style summary document of their records, the parents' own records as
   * Observations, the notices received and their replies as Communications, then the tables.
   */
  public String bundle(
      Guardian guardian,
      List<Table> tables,
      List<OwnRecord> ownRecords,
      List<FamilyEntryResources.ReceivedNotice> notices) {
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
      // The pregnancy itself, naming its records, so that another Sukoyaka takes it over whole.
      List<String> records = new ArrayList<>();
      for (Checkup checkup : checkups.forPregnancy(pregnancy.id())) {
        addCheckup(resources, checkup, pregnancy.personId());
        records.add("Encounter/" + checkup.id());
      }
      List<StoredImmunization> given = immunizations.storedOfPregnancy(pregnancy.id());
      addImmunizations(resources, given, pregnancy.personId());
      given.forEach(g -> records.add("Immunization/" + g.record().id()));
      int fetuses = pregnancyRows.findById(pregnancy.id()).map(r -> (int) r.fetusCount()).orElse(1);
      add(resources, PregnancyResources.observation(pregnancy, fetuses, records));
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
      // The 予診票 the family answered, as the QuestionnaireResponse each was stored as.
      for (app.sukoyaka.immunization.Prescreening prescreening :
          prescreenings.forDownload(child.id())) {
        add(
            resources,
            context
                .newJsonParser()
                .parseResource(QuestionnaireResponse.class, prescreening.questionnaireResponse()));
      }
    }
    // A record taken over from another Sukoyaka carries its earliest origin on, so that the next
    // municipality labels it with where it was first registered, not with this one.
    RecordOriginResources.mark(origins, new ArrayList<>(resources.values()));
    // One IPS-style document per person of the family, as $summary writes it, built from the
    // same resources: a system that reads documents takes each handbook whole.
    List<Bundle> documents = new ArrayList<>();
    Set<String> people = new HashSet<>();
    guardian.children().forEach(c -> people.add(c.id().toString()));
    mothers.forEach(m -> people.add(m.toString()));
    for (Resource resource : new ArrayList<>(resources.values())) {
      if (resource instanceof Patient patient
          && people.contains(patient.getIdElement().getIdPart())) {
        documents.add(summary(patient, resources.values(), guardian));
      }
    }
    Map<UUID, Pregnancy> pregnancies = new LinkedHashMap<>();
    guardian.pregnancies().forEach(p -> pregnancies.put(p.id(), p));
    for (OwnRecord record : ownRecords) {
      Pregnancy pregnancy =
          record.owner() == OwnRecordItems.Owner.PREGNANCY
              ? pregnancies.get(record.ownerId())
              : null;
      if (record.owner() == OwnRecordItems.Owner.PREGNANCY && pregnancy == null) {
        continue;
      }
      add(
          resources,
          FamilyEntryResources.observation(
              record, pregnancy == null ? record.ownerId() : pregnancy.personId(), pregnancy));
    }
    for (FamilyEntryResources.ReceivedNotice notice : notices) {
      FamilyEntryResources.communications(notice, guardian.personId())
          .forEach(c -> add(resources, c));
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
    for (Bundle document : documents) {
      bundle.addEntry().setFullUrl("urn:uuid:" + document.getId()).setResource(document);
    }
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

  /** The IPS-style document of one person of the family, from the resources about them. */
  private Bundle summary(Patient patient, Collection<Resource> all, Guardian guardian) {
    String reference = "Patient/" + patient.getIdElement().getIdPart();
    List<Encounter> encounters = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    List<QuestionnaireResponse> questionnaires = new ArrayList<>();
    List<Immunization> vaccinations = new ArrayList<>();
    List<Observation> pregnancyStatus = new ArrayList<>();
    for (Resource resource : all) {
      if (resource instanceof Encounter e && reference.equals(e.getSubject().getReference())) {
        encounters.add(e);
      } else if (resource instanceof Observation o
          && reference.equals(o.getSubject().getReference())
          && PregnancyResources.isPregnancy(o)) {
        pregnancyStatus.add(o);
      } else if (resource instanceof Observation o
          && reference.equals(o.getSubject().getReference())
          && !FamilyEntryResources.isOwnRecord(o)) {
        observations.add(o);
      } else if (resource instanceof QuestionnaireResponse q
          && reference.equals(q.getSubject().getReference())
          && !isPrescreening(q)) {
        // A 予診票 is paperwork of one planned visit, not a record the handbook shows.
        questionnaires.add(q);
      } else if (resource instanceof Immunization i
          && reference.equals(i.getPatient().getReference())) {
        vaccinations.add(i);
      }
    }
    UUID id = UUID.fromString(patient.getIdElement().getIdPart());
    UUID municipality =
        guardian.children().stream()
            .filter(c -> c.id().equals(id))
            .map(Child::municipalityId)
            .findFirst()
            .orElseGet(
                () ->
                    guardian.pregnancies().stream()
                        .filter(p -> p.personId().equals(id))
                        .map(Pregnancy::municipalityId)
                        .findFirst()
                        .orElse(null));
    String municipalityName =
        municipality == null
            ? ""
            : municipalities.findById(municipality).map(m -> m.nameJa()).orElse("");
    Bundle document =
        SummaryDocuments.document(
            base,
            patient,
            SummaryDocuments.sections(
                catalog, encounters, observations, questionnaires, vaccinations),
            municipalityName,
            clock.instant());
    List<Pregnancy> ofPerson =
        guardian.pregnancies().stream().filter(p -> p.personId().equals(id)).toList();
    if (!ofPerson.isEmpty()) {
      SummaryDocuments.pregnancyHistory(document, base, ofPerson, encounters);
      // IPS names each pregnancy's status in the same section.
      org.hl7.fhir.r4.model.Composition composition =
          (org.hl7.fhir.r4.model.Composition) document.getEntryFirstRep().getResource();
      org.hl7.fhir.r4.model.Composition.SectionComponent history =
          composition.getSection().get(composition.getSection().size() - 1);
      for (Observation status : pregnancyStatus) {
        String url = base + "/Observation/" + status.getIdElement().getIdPart();
        history.addEntry(new org.hl7.fhir.r4.model.Reference(url));
        document.addEntry().setFullUrl(url).setResource(status);
      }
    }
    document.setId(UUID.randomUUID().toString());
    return document;
  }

  private static boolean isPrescreening(QuestionnaireResponse response) {
    return response.hasQuestionnaire()
        && app.sukoyaka.profiles.SukoyakaCanonicals.unversioned(response.getQuestionnaire())
            .equals(
                app.sukoyaka.profiles.SukoyakaCanonicals.unversioned(
                    app.sukoyaka.profiles.SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE));
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
