package app.sukoyaka.fhir;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The handbook as an IPS-style document Bundle: a Composition whose sections list the checkups,
 * their findings and (until vaccinations are recorded here) an honest empty immunization section,
 * followed by the resources themselves, so that another system can import it whole. Pure.
 */
final class SummaryDocuments {
  private static final String LOINC = "http://loinc.org";
  private static final String EMPTY_REASON =
      "http://terminology.hl7.org/CodeSystem/list-empty-reason";

  private SummaryDocuments() {}

  static Bundle document(
      String base,
      Patient patient,
      List<Encounter> encounters,
      List<Observation> observations,
      String municipalityName,
      Instant now) {
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

    Composition.SectionComponent checkups =
        section(composition, "妊婦健康診査 / Prenatal checkups", "46240-8", "Encounters");
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
                                + e.getServiceProvider().getDisplay())
                    .toList()));
    if (encounters.isEmpty()) {
      checkups.setEmptyReason(new CodeableConcept(new Coding(EMPTY_REASON, "nilknown", null)));
    }

    Composition.SectionComponent findings =
        section(composition, "健診の所見 / Checkup findings", "8716-3", "Vital signs");
    observations.forEach(o -> findings.addEntry(new Reference(url(base, o))));
    findings.setText(
        narrative(
            observations.isEmpty()
                ? List.of("記録なし / No findings recorded")
                : observations.stream().map(SummaryDocuments::line).toList()));
    if (observations.isEmpty()) {
      findings.setEmptyReason(new CodeableConcept(new Coding(EMPTY_REASON, "nilknown", null)));
    }

    Composition.SectionComponent immunizations =
        section(composition, "予防接種 / Immunizations", "11369-6", "History of Immunization");
    immunizations.setEmptyReason(
        new CodeableConcept(new Coding(EMPTY_REASON, "unavailable", "Unavailable")));
    immunizations.setText(
        narrative(List.of("この手帳ではまだ記録していません / Not yet recorded in this handbook")));

    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.DOCUMENT);
    bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + id);
    bundle.setTimestamp(Date.from(now));
    bundle
        .getMeta()
        .addTag(
            new Coding(
                SukoyakaCanonicals.BASE_URL + "/CodeSystem/document-kind",
                "handbook-summary",
                null));
    add(bundle, base, composition);
    add(bundle, base, patient);
    encounters.forEach(e -> add(bundle, base, e));
    observations.forEach(o -> add(bundle, base, o));
    return bundle;
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
      return label + ": " + observation.getValueCodeableConcept().getCodingFirstRep().getDisplay();
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
