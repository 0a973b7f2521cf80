package app.sukoyaka.fhir;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The handbook as an IPS-style document Bundle: a Composition whose sections list the checkups, the
 * growth measurements, the screenings (newborn metabolic and hearing screening, the 3歳 vision and
 * hearing tests), the other findings with the questionnaires, and the vaccinations (every source,
 * each with its verification), followed by the resources themselves, so that another system can
 * import it whole. Pure.
 */
final class SummaryDocuments {
  private static final String LOINC = "http://loinc.org";
  private static final String EMPTY_REASON =
      "http://terminology.hl7.org/CodeSystem/list-empty-reason";

  private SummaryDocuments() {}

  /** The resources of the sections, each list in the order it is shown. */
  record Sections(
      List<Encounter> checkups,
      List<Observation> growth,
      List<Observation> screenings,
      List<Observation> findings,
      List<QuestionnaireResponse> questionnaires,
      List<Immunization> immunizations) {}

  /**
   * The sections of a patient's records: measurements as growth, the newborn's tests and the
   * checkups' procedures as screenings, the rest as findings.
   */
  static Sections sections(
      CheckupItemCatalog catalog,
      List<Encounter> encounters,
      List<Observation> observations,
      List<QuestionnaireResponse> questionnaires,
      List<Immunization> immunizations) {
    List<Observation> growth = new ArrayList<>();
    List<Observation> screenings = new ArrayList<>();
    List<Observation> findings = new ArrayList<>();
    for (Observation observation : observations) {
      CatalogItem item = itemOf(catalog, observation).orElse(null);
      if (item != null && item.category().equals("body-measurement")) {
        growth.add(observation);
      } else if (item != null && isScreening(item)) {
        screenings.add(observation);
      } else {
        findings.add(observation);
      }
    }
    return new Sections(encounters, growth, screenings, findings, questionnaires, immunizations);
  }

  /**
   * A screening: the newborn's metabolic, hearing and CMV tests, and the procedures of the child's
   * checkups (the 3歳 vision, refraction and hearing tests).
   */
  private static boolean isScreening(CatalogItem item) {
    return item.isAbout(Subject.CHILD)
        && (item.checkups().contains("newborn-screening") || item.category().equals("procedure"));
  }

  private static Optional<CatalogItem> itemOf(CheckupItemCatalog catalog, Observation observation) {
    return observation.getCode().getCoding().stream()
        .map(c -> catalog.byCoding(c.getSystem(), c.getCode()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  static Bundle document(
      String base, Patient patient, Sections sections, String municipalityName, Instant now) {
    UUID id = UUID.randomUUID();
    Composition composition = new Composition();
    composition.setId(id.toString());
    composition.setStatus(Composition.CompositionStatus.FINAL);
    composition.setType(
        new CodeableConcept(new Coding(LOINC, "60591-5", "Patient summary Document")));
    composition.setSubject(new Reference(url(base, patient)));
    composition.setDate(Date.from(now));
    composition.addAuthor().setDisplay(municipalityName + "（すこやか 母子健康手帳）");
    composition.setTitle("母子健康手帳 サマリー / Maternal and child health handbook summary");

    List<Encounter> encounters = sections.checkups();
    Composition.SectionComponent checkups =
        section(composition, "健康診査 / Checkups", "46240-8", "Encounters");
    encounters.forEach(e -> checkups.addEntry(new Reference(url(base, e))));
    checkups.setText(
        narrative(
            encounters.isEmpty()
                ? List.of("記録なし / No checkups recorded")
                : encounters.stream()
                    .map(
                        e ->
                            e.getPeriod().getStartElement().getValueAsString()
                                + " "
                                + e.getTypeFirstRep().getCodingFirstRep().getDisplay()
                                + " "
                                + e.getServiceProvider().getDisplay())
                    .toList()));
    if (encounters.isEmpty()) {
      checkups.setEmptyReason(new CodeableConcept(new Coding(EMPTY_REASON, "nilknown", null)));
    }
    observations(
        composition,
        base,
        "身体計測 / Growth and body measurements",
        "8716-3",
        "Vital signs",
        sections.growth(),
        "記録なし / No measurements recorded");
    observations(
        composition,
        base,
        "新生児・幼児の検査 / Screenings",
        "47519-4",
        "History of Procedures",
        sections.screenings(),
        "記録なし / No screenings recorded");
    Composition.SectionComponent findings =
        observations(
            composition,
            base,
            "健診の所見 / Checkup findings",
            "29545-1",
            "Physical findings",
            sections.findings(),
            "記録なし / No findings recorded");
    for (QuestionnaireResponse response : sections.questionnaires()) {
      findings.addEntry(new Reference(url(base, response)));
      if (findings.hasEmptyReason()) {
        findings.setEmptyReason(null);
      }
    }

    // IPS: the immunizations section lists every vaccination, whatever its source.
    Composition.SectionComponent immunizations =
        section(composition, "予防接種 / Immunizations", "11369-6", "History of Immunization");
    sections.immunizations().forEach(i -> immunizations.addEntry(new Reference(url(base, i))));
    immunizations.setText(
        narrative(
            sections.immunizations().isEmpty()
                ? List.of("記録なし / No vaccinations recorded")
                : sections.immunizations().stream().map(SummaryDocuments::line).toList()));
    if (sections.immunizations().isEmpty()) {
      immunizations.setEmptyReason(new CodeableConcept(new Coding(EMPTY_REASON, "nilknown", null)));
    }

    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.DOCUMENT);
    bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + id);
    bundle.setTimestamp(Date.from(now));
    bundle
        .getMeta()
        .addTag(new Coding(SukoyakaCanonicals.DOCUMENT_KIND_SYSTEM, "handbook-summary", null));
    add(bundle, base, composition);
    add(bundle, base, patient);
    encounters.forEach(e -> add(bundle, base, e));
    sections.growth().forEach(o -> add(bundle, base, o));
    sections.screenings().forEach(o -> add(bundle, base, o));
    sections.findings().forEach(o -> add(bundle, base, o));
    sections.questionnaires().forEach(r -> add(bundle, base, r));
    sections.immunizations().forEach(i -> add(bundle, base, i));
    return bundle;
  }

  /**
   * Adds the IPS section "History of pregnancy" to a pregnant person's document: each pregnancy of
   * the handbook (its expected delivery day, handbook number and state) and the visits of the
   * pregnancy (妊婦健診, the delivery, 産婦健診) listed in the checkups section.
   */
  static void pregnancyHistory(
      Bundle document,
      String base,
      List<app.sukoyaka.family.Pregnancy> pregnancies,
      List<Encounter> encounters) {
    Composition composition = (Composition) document.getEntryFirstRep().getResource();
    Composition.SectionComponent section =
        section(composition, "妊娠の経過 / History of pregnancy", "10162-6", "History of pregnancies");
    encounters.forEach(e -> section.addEntry(new Reference(url(base, e))));
    section.setText(
        narrative(
            pregnancies.stream()
                .map(
                    p ->
                        "妊娠 / pregnancy"
                            + (p.expectedDeliveryDate() == null
                                ? ""
                                : " 分娩予定日 / due " + p.expectedDeliveryDate())
                            + (p.handbookNumber() == null
                                ? ""
                                : " 母子健康手帳 / handbook " + p.handbookNumber())
                            + (p.status() == null ? "" : " (" + p.status() + ")"))
                .toList()));
  }

  private static Composition.SectionComponent observations(
      Composition composition,
      String base,
      String title,
      String loinc,
      String display,
      List<Observation> observations,
      String none) {
    Composition.SectionComponent section = section(composition, title, loinc, display);
    observations.forEach(o -> section.addEntry(new Reference(url(base, o))));
    section.setText(
        narrative(
            observations.isEmpty()
                ? List.of(none)
                : observations.stream().map(SummaryDocuments::line).toList()));
    if (observations.isEmpty()) {
      section.setEmptyReason(new CodeableConcept(new Coding(EMPTY_REASON, "nilknown", null)));
    }
    return section;
  }

  private static Composition.SectionComponent section(
      Composition composition, String title, String loinc, String display) {
    Composition.SectionComponent section = composition.addSection();
    section.setTitle(title);
    section.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)));
    return section;
  }

  private static String line(Observation observation) {
    String label = observation.getCode().getText();
    if (observation.hasValueQuantity()) {
      return label
          + ": "
          + observation.getValueQuantity().getValue().stripTrailingZeros().toPlainString()
          + " "
          + observation.getValueQuantity().getUnit();
    }
    if (observation.hasValueCodeableConcept()) {
      CodeableConcept value = observation.getValueCodeableConcept();
      return label
          + ": "
          + value.getCodingFirstRep().getDisplay()
          + (value.hasText() ? "（" + value.getText() + "）" : "");
    }
    if (observation.hasValue() && observation.getValue().isPrimitive()) {
      return label + ": " + observation.getValue().primitiveValue();
    }
    if (observation.hasComponent()) {
      return label
          + ": "
          + observation.getComponent().stream()
              .map(c -> c.getValueQuantity().getValue().stripTrailingZeros().toPlainString())
              .reduce((a, b) -> a + "/" + b)
              .orElse("")
          + " mmHg";
    }
    return label;
  }

  /** A vaccination as the narrative lists it: day, vaccine, dose, 定期/任意, unverified. */
  private static String line(Immunization immunization) {
    StringBuilder line =
        new StringBuilder(immunization.getOccurrenceDateTimeType().getValueAsString())
            .append(' ')
            .append(immunization.getVaccineCode().getText());
    if (immunization.hasProtocolApplied()) {
      line.append(' ')
          .append(immunization.getProtocolAppliedFirstRep().getDoseNumber().primitiveValue());
    }
    String program = immunization.getProgramEligibilityFirstRep().getCodingFirstRep().getDisplay();
    if (program != null) {
      line.append("（").append(program).append("）");
    }
    org.hl7.fhir.r4.model.Extension verification =
        immunization.getExtensionByUrl(SukoyakaCanonicals.VERIFICATION_EXTENSION);
    if (verification != null && !"verified".equals(verification.getValue().primitiveValue())) {
      line.append(" [").append(verification.getValue().primitiveValue()).append("]");
    }
    return line.toString();
  }

  private static Narrative narrative(List<String> lines) {
    XhtmlNode div = new XhtmlNode();
    div.setValueAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"></div>");
    XhtmlNode list = div.ul();
    lines.forEach(text -> list.li().tx(text));
    Narrative narrative = new Narrative();
    narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
    narrative.setDiv(div);
    return narrative;
  }

  private static void add(Bundle bundle, String base, Resource resource) {
    bundle.addEntry().setFullUrl(url(base, resource)).setResource(resource);
  }

  private static String url(String base, Resource resource) {
    return base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
