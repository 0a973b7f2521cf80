package app.sukoyaka.fhir;

import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * A pregnancy in the family's download, so that another Sukoyaka can take it over: the IPS
 * "Pregnancy status" Observation (LOINC 82810-3) of the pregnant person, its id as the pregnancy's
 * identifier, the handbook number with its issuer, the expected delivery date (LOINC 11778-8), the
 * number of fetuses and the day the handbook was issued as components, and each record of the
 * pregnancy (its visits, her vaccinations during it) named in an extension.
 */
final class PregnancyResources {
  static final String LOINC = "http://loinc.org";
  static final String PREGNANCY_STATUS_CODE = "82810-3";
  static final String DUE_DATE_CODE = "11778-8";
  static final String STATUS_SYSTEM = SukoyakaCanonicals.BASE_URL + "/CodeSystem/pregnancy-status";
  static final String ITEM_SYSTEM = SukoyakaCanonicals.BASE_URL + "/CodeSystem/pregnancy-item";
  static final String FETUS_COUNT = "fetus-count";
  static final String HANDBOOK_ISSUED_ON = "handbook-issued-on";
  static final String RECORD_EXTENSION =
      SukoyakaCanonicals.BASE_URL + "/StructureDefinition/pregnancy-record";

  private PregnancyResources() {}

  /**
   * The pregnancy as an Observation about its pregnant person.
   *
   * @param records references (Encounter/…, Immunization/…) of the records of the pregnancy
   */
  static Observation observation(Pregnancy pregnancy, int fetusCount, List<String> records) {
    Observation observation = new Observation();
    observation.setId(pregnancy.id().toString());
    observation.addIdentifier(
        new Identifier()
            .setSystem(FamilyEntryResources.PREGNANCY_SYSTEM)
            .setValue(pregnancy.id().toString()));
    if (pregnancy.handbookNumber() != null) {
      observation.addIdentifier(
          new Identifier()
              .setSystem(SukoyakaCanonicals.handbookNumberSystem(pregnancy.municipalityCode()))
              .setValue(pregnancy.handbookNumber()));
    }
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation
        .addCategory()
        .addCoding(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category",
                "social-history",
                "Social History"));
    observation.setCode(
        new CodeableConcept(new Coding(LOINC, PREGNANCY_STATUS_CODE, "Pregnancy status"))
            .setText("妊娠 / pregnancy"));
    observation.setSubject(new Reference("Patient/" + pregnancy.personId()));
    if (pregnancy.handbookIssuedOn() != null) {
      observation.setEffective(
          new org.hl7.fhir.r4.model.DateTimeType(pregnancy.handbookIssuedOn().toString()));
    }
    observation.setValue(
        new CodeableConcept(new Coding(STATUS_SYSTEM, pregnancy.status(), statusLabel(pregnancy))));
    if (pregnancy.expectedDeliveryDate() != null) {
      observation
          .addComponent()
          .setCode(new CodeableConcept(new Coding(LOINC, DUE_DATE_CODE, "Delivery date Estimated")))
          .setValue(
              new org.hl7.fhir.r4.model.DateTimeType(pregnancy.expectedDeliveryDate().toString()));
    }
    observation
        .addComponent()
        .setCode(new CodeableConcept(new Coding(ITEM_SYSTEM, FETUS_COUNT, "胎児数")))
        .setValue(new IntegerType(fetusCount));
    if (pregnancy.handbookIssuedOn() != null) {
      observation
          .addComponent()
          .setCode(new CodeableConcept(new Coding(ITEM_SYSTEM, HANDBOOK_ISSUED_ON, "母子健康手帳 交付日")))
          .setValue(
              new org.hl7.fhir.r4.model.DateTimeType(pregnancy.handbookIssuedOn().toString()));
    }
    for (String record : records) {
      observation.addExtension(RECORD_EXTENSION, new Reference(record));
    }
    return observation;
  }

  private static String statusLabel(Pregnancy pregnancy) {
    switch (pregnancy.status()) {
      case "active":
        return "妊娠中 / pregnant";
      case "delivered":
        return "出産 / delivered";
      default:
        return "終了 / ended";
    }
  }

  /** Whether an Observation of a download is a pregnancy. */
  static boolean isPregnancy(Observation observation) {
    return observation.getCode().getCoding().stream()
            .anyMatch(c -> LOINC.equals(c.getSystem()) && PREGNANCY_STATUS_CODE.equals(c.getCode()))
        && observation.getIdentifier().stream()
            .anyMatch(i -> FamilyEntryResources.PREGNANCY_SYSTEM.equals(i.getSystem()));
  }

  /** The pregnancy's id where it was recorded. */
  static String originId(Observation observation) {
    return observation.getIdentifier().stream()
        .filter(i -> FamilyEntryResources.PREGNANCY_SYSTEM.equals(i.getSystem()))
        .map(Identifier::getValue)
        .findFirst()
        .orElse(null);
  }

  static String status(Observation observation) {
    return observation.hasValueCodeableConcept()
        ? observation.getValueCodeableConcept().getCoding().stream()
            .filter(c -> STATUS_SYSTEM.equals(c.getSystem()))
            .map(Coding::getCode)
            .findFirst()
            .orElse(null)
        : null;
  }

  static Optional<Type> component(Observation observation, String system, String code) {
    return observation.getComponent().stream()
        .filter(
            c ->
                c.getCode().getCoding().stream()
                    .anyMatch(k -> system.equals(k.getSystem()) && code.equals(k.getCode())))
        .map(Observation.ObservationComponentComponent::getValue)
        .filter(v -> v != null)
        .findFirst();
  }

  static LocalDate date(Optional<Type> value) {
    return value
        .filter(v -> v.isPrimitive() && v.primitiveValue() != null)
        .map(v -> LocalDate.parse(v.primitiveValue().substring(0, 10)))
        .orElse(null);
  }

  /** The records of the pregnancy the Observation names (Encounter/…, Immunization/…). */
  static List<String> records(Observation observation) {
    return observation.getExtensionsByUrl(RECORD_EXTENSION).stream()
        .filter(e -> e.getValue() instanceof Reference)
        .map(e -> ((Reference) e.getValue()).getReference())
        .toList();
  }
}
