package app.sukoyaka.fhir;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * A consent of the register as a FHIR R4 {@code Consent}: a privacy consent (scope patient-privacy,
 * category LOINC 59284-0 and the register's kind) by the guardian as patient and performer, given
 * at dateTime under the policy of the text version agreed to; one permit provision whose period
 * runs from the agreement to the withdrawal or the end, whose actor is the recipient, whose classes
 * are the kinds of records it covers and whose data are the children (Patients) and pregnancies (by
 * identifier) it covers. Active while it holds; inactive once withdrawn or ended.
 */
public final class ConsentResources {
  public static final String KIND_SYSTEM = SukoyakaCanonicals.BASE_URL + "/CodeSystem/consent-kind";
  public static final String PREGNANCY_SYSTEM = SukoyakaCanonicals.BASE_URL + "/sid/pregnancy";
  public static final String TEXT_POLICY_PREFIX = SukoyakaCanonicals.BASE_URL + "/consent-texts/";
  static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
  static final String PARTICIPATION_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
  static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private ConsentResources() {}

  /** The resource id: the kind and the id within it, or a stable UUID when that is no FHIR id. */
  public static String fhirId(ConsentEntry entry) {
    String id = entry.kind() + "." + entry.id();
    return FHIR_ID.matcher(id).matches()
        ? id
        : UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  public static Consent consent(
      ConsentEntry entry, UUID guardianPersonId, String guardianName, Instant at) {
    Consent consent = new Consent();
    consent.setId(fhirId(entry));
    consent.setStatus(
        entry.activeAt(at) ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
    consent.setScope(
        new CodeableConcept(new Coding(SCOPE_SYSTEM, "patient-privacy", "Privacy Consent")));
    consent.addCategory(
        new CodeableConcept(
                new Coding(SukoyakaCanonicals.LOINC_SYSTEM, "59284-0", "Patient Consent"))
            .addCoding(new Coding(KIND_SYSTEM, entry.kind(), null)));
    Reference patient = new Reference("Patient/" + guardianPersonId).setDisplay(guardianName);
    consent.setPatient(patient);
    consent.addPerformer(patient.copy());
    consent.setDateTime(Date.from(entry.agreedAt()));
    consent.addPolicy().setUri(TEXT_POLICY_PREFIX + entry.kind() + "/" + entry.textVersion());
    Consent.ProvisionComponent provision = consent.getProvision();
    provision.setType(Consent.ConsentProvisionType.PERMIT);
    Instant end = entry.withdrawnAt() != null ? entry.withdrawnAt() : entry.expiresAt();
    Period period = new Period().setStart(Date.from(entry.agreedAt()));
    if (end != null) {
      period.setEnd(Date.from(end));
    }
    provision.setPeriod(period);
    provision
        .addActor()
        .setRole(
            new CodeableConcept(new Coding(PARTICIPATION_SYSTEM, "IRCP", "information recipient")))
        .setReference(new Reference().setDisplay(entry.recipient()));
    for (String kind : entry.recordKinds()) {
      provision.addClass_(new Coding(RESOURCE_TYPES, kind, null));
    }
    for (UUID child : entry.childIds()) {
      provision
          .addData()
          .setMeaning(Consent.ConsentDataMeaning.RELATED)
          .setReference(new Reference("Patient/" + child));
    }
    for (UUID pregnancy : entry.pregnancyIds()) {
      provision
          .addData()
          .setMeaning(Consent.ConsentDataMeaning.RELATED)
          .setReference(
              new Reference()
                  .setIdentifier(
                      new Identifier().setSystem(PREGNANCY_SYSTEM).setValue(pregnancy.toString())));
    }
    return consent;
  }
}
