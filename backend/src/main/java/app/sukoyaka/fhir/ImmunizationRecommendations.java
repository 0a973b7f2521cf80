package app.sukoyaka.fhir;

import app.sukoyaka.immunization.StoredForecast;
import app.sukoyaka.immunization.schedule.Citation;
import app.sukoyaka.immunization.schedule.Note;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.immunization.schedule.Text;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * A forecast as the output of {@code $immds-forecast} (HL7 Immunization Decision Support Forecast
 * style): a Parameters whose {@code recommendation} is an ImmunizationRecommendation with one entry
 * per vaccine and dose still to come or closed (or, for a series given in full, one {@code
 * complete} entry), each with the doses that counted as supporting immunizations. Pure: no I/O.
 *
 * <p>Statuses: {@code due}, {@code overdue} and {@code complete} carry the standard
 * immunization-recommendation-status code and ours; {@code not_yet}, {@code too_soon} and {@code
 * ineligible} have no standard equivalent and carry ours only (an exclusion because the child had
 * the disease also carries the standard {@code immune}). Dates: {@code earliestDate} is LOINC
 * 30981-5 (earliest date to give); the day the dose becomes due — the start of the standard period,
 * or the earliest date when the rules name none — is 30980-7 (date vaccine due), the way
 * forecasters that use these codes read it; the day after the standard period ends is 59778-1 (date
 * when overdue); {@code windowEnd} is 59777-3 (latest date to give). Our own codes carry the
 * forecast's fields as they are ({@code earliest}, {@code recommended-from}, {@code due-date} = the
 * end of the standard period, {@code window-end}).
 */
public final class ImmunizationRecommendations {
  public static final String VACCINE_KIND =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/vaccine-kind";
  public static final String VACCINE_PRODUCT =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/vaccine-product";
  public static final String FORECAST_STATUS =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/immunization-forecast-status";
  public static final String DATE_CRITERION =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/immunization-forecast-date";
  public static final String RULE_EXTENSION =
      SukoyakaCanonicals.BASE_URL + "/StructureDefinition/immunization-forecast-rule";
  static final String HL7_STATUS =
      "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status";
  static final String LOINC = "http://loinc.org";

  /** Our statuses with the standard code where one matches, and how they read. */
  private static final Map<Status, String[]> STATUSES =
      Map.of(
          Status.DUE, new String[] {"due", "Due", "接種の時期です"},
          Status.OVERDUE, new String[] {"overdue", "Overdue", "標準的な接種期間を過ぎています"},
          Status.COMPLETE, new String[] {"complete", "Complete", "接種済みです"},
          Status.NOT_YET, new String[] {null, "Not yet", "まだ接種の時期ではありません"},
          Status.TOO_SOON, new String[] {null, "Too soon", "前回の接種からの間隔が足りません"},
          Status.INELIGIBLE, new String[] {null, "Not routine", "定期接種の対象外です"});

  /** Exclusions by a flag that mean the child is immune, by the rule id's ending. */
  private static final Map<String, String> IMMUNE_EXCLUSIONS =
      Map.of("/excludedBy/hadVaricella", "immune");

  private ImmunizationRecommendations() {}

  /**
   * How the output refers to a dose the forecast counted.
   *
   * @param reference {@code Immunization/{id}}, or a reference by display only for a dose supplied
   *     without an id
   */
  public record Dose(Reference reference, LocalDate date) {}

  public static Parameters parameters(
      StoredForecast forecast,
      RoutineSchedule schedule,
      LocalDate assessmentDate,
      Reference patient,
      Map<UUID, Dose> doses) {
    Parameters parameters = new Parameters();
    parameters
        .addParameter()
        .setName("recommendation")
        .setResource(recommendation(forecast, schedule, assessmentDate, patient, doses));
    return parameters;
  }

  public static ImmunizationRecommendation recommendation(
      StoredForecast stored,
      RoutineSchedule schedule,
      LocalDate assessmentDate,
      Reference patient,
      Map<UUID, Dose> doses) {
    ImmunizationRecommendation resource = new ImmunizationRecommendation();
    resource.setPatient(patient);
    resource.setDateElement(day(assessmentDate));
    resource.setAuthority(
        new Reference()
            .setDisplay(schedule.title().ja() + " " + stored.forecast().scheduleVersion()));
    Map<String, List<Recommendation>> byVaccine = new LinkedHashMap<>();
    for (Recommendation r : stored.forecast().recommendations()) {
      byVaccine.computeIfAbsent(r.vaccine(), v -> new ArrayList<>()).add(r);
    }
    byVaccine.forEach(
        (vaccine, entries) -> {
          List<Reference> supporting = new ArrayList<>();
          for (StoredForecast.CountedDose counted : stored.counted()) {
            Dose dose = doses.get(counted.recordId());
            if (counted.dose().vaccine().equals(vaccine) && dose != null) {
              supporting.add(dose.reference().copy());
            }
          }
          List<String> notCounted = new ArrayList<>();
          for (StoredForecast.NotCounted n : stored.notCounted()) {
            if (n.vaccine().equals(vaccine)) {
              Dose dose = doses.get(n.recordId());
              notCounted.add(
                  "Not counted: "
                      + (dose == null ? n.recordId().toString() : describe(dose))
                      + ": "
                      + n.reason());
            }
          }
          // Doses still to come or closed; a series given in full is one complete entry.
          boolean open = entries.stream().anyMatch(r -> r.status() != Status.COMPLETE);
          for (int i = 0; i < entries.size(); i++) {
            Recommendation r = entries.get(i);
            boolean shown = open ? r.status() != Status.COMPLETE : i == entries.size() - 1;
            if (shown) {
              resource.addRecommendation(entry(r, schedule, supporting, notCounted));
            }
          }
        });
    return resource;
  }

  private static ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent entry(
      Recommendation r,
      RoutineSchedule schedule,
      List<Reference> supporting,
      List<String> notCounted) {
    ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent entry =
        new ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent();
    Text name = schedule.vaccineName(r.vaccine());
    entry.addVaccineCode(
        new CodeableConcept(new Coding(VACCINE_KIND, r.vaccine(), name == null ? null : name.ja()))
            .setText(name == null ? r.vaccine() : name.ja()));
    entry.setForecastStatus(status(r));
    if (r.status() != Status.COMPLETE) {
      dates(entry, r);
    }
    entry.setDoseNumber(new StringType(r.dose()));
    if (r.seriesDoses() != null) {
      entry.setSeriesDoses(new StringType(Integer.toString(r.seriesDoses())));
    }
    supporting.forEach(reference -> entry.addSupportingImmunization(reference.copy()));
    List<String> lines = new ArrayList<>();
    for (Note note : r.notes()) {
      lines.add(note.text().ja() + " (" + note.text().en() + ")");
    }
    lines.addAll(notCounted);
    if (!lines.isEmpty()) {
      entry.setDescription(String.join("\n", lines));
    }
    Extension rule = entry.addExtension().setUrl(RULE_EXTENSION);
    rule.addExtension("rule", new StringType(r.source().rule()));
    for (Citation citation : r.source().citations()) {
      rule.addExtension("citation", new StringType(citation.title() + " — " + citation.location()));
    }
    return entry;
  }

  static CodeableConcept status(Recommendation r) {
    String[] status = STATUSES.get(r.status());
    CodeableConcept concept = new CodeableConcept().setText(status[2]);
    String standard = status[0];
    if (r.status() == Status.INELIGIBLE) {
      for (Map.Entry<String, String> exclusion : IMMUNE_EXCLUSIONS.entrySet()) {
        if (r.source().rule().endsWith(exclusion.getKey())) {
          standard = exclusion.getValue();
        }
      }
    }
    if (standard != null) {
      concept.addCoding(new Coding(HL7_STATUS, standard, null));
    }
    concept.addCoding(new Coding(FORECAST_STATUS, r.status().code(), status[1]));
    return concept;
  }

  private static void dates(
      ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent entry,
      Recommendation r) {
    if (r.earliestDate() != null) {
      criterion(
          entry,
          r.earliestDate(),
          new Coding(LOINC, "30981-5", "Earliest date to give"),
          new Coding(DATE_CRITERION, "earliest", "Earliest routine date"));
    }
    LocalDate becomesDue = r.recommendedFrom() != null ? r.recommendedFrom() : r.earliestDate();
    if (becomesDue != null) {
      criterion(
          entry,
          becomesDue,
          new Coding(LOINC, "30980-7", "Date vaccine due"),
          r.recommendedFrom() == null
              ? null
              : new Coding(DATE_CRITERION, "recommended-from", "Start of the standard period"));
    }
    if (r.dueDate() != null) {
      criterion(
          entry,
          r.dueDate(),
          new Coding(DATE_CRITERION, "due-date", "End of the standard period"),
          null);
      criterion(
          entry,
          r.dueDate().plusDays(1),
          new Coding(LOINC, "59778-1", "Date when overdue for immunization"),
          null);
    }
    if (r.windowEnd() != null) {
      criterion(
          entry,
          r.windowEnd(),
          new Coding(LOINC, "59777-3", "Latest date to give immunization"),
          new Coding(DATE_CRITERION, "window-end", "Last routine date"));
    }
  }

  private static void criterion(
      ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent entry,
      LocalDate date,
      Coding coding,
      Coding ours) {
    CodeableConcept code = new CodeableConcept(coding);
    if (ours != null) {
      code.addCoding(ours);
    }
    entry.addDateCriterion().setCode(code).setValueElement(day(date));
  }

  private static String describe(Dose dose) {
    String reference =
        dose.reference().hasReference()
            ? dose.reference().getReference()
            : dose.reference().getDisplay();
    return reference + " (" + dose.date() + ")";
  }

  /** A local date (in Japan) as a dateTime of day precision, without a time or zone. */
  private static DateTimeType day(LocalDate date) {
    return new DateTimeType(date.toString());
  }
}
