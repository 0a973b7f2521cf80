package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.immunization.StoredForecast;
import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forecast as the ImmunizationRecommendation of {@code $immds-forecast}: statuses with the
 * standard code where one matches, dates with their LOINC codes, dose numbers, the doses that
 * counted and the rule that decided; valid R4.
 */
class ImmunizationRecommendationsTest {
  private static final RoutineSchedule SCHEDULE = RoutineSchedule.load();
  private static final Forecaster FORECASTER = new Forecaster(SCHEDULE);
  private static final LocalDate BORN = LocalDate.of(2026, 1, 15);
  private static final LocalDate TODAY = LocalDate.of(2026, 5, 20);
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidator() {
    validator = SukoyakaValidator.create(FhirContext.forR4Cached());
  }

  /** A four-month-old given 五種混合 1 and BCG, and a record that could not count. */
  private record Case(StoredForecast forecast, UUID pentavalent, UUID bcg, UUID refused) {}

  private static Case fourMonthOld(Set<String> flags) {
    UUID pentavalent = UUID.randomUUID();
    UUID bcg = UUID.randomUUID();
    UUID refused = UUID.randomUUID();
    GivenDose first = new GivenDose("DPT_IPV_HIB", "1", LocalDate.of(2026, 3, 14));
    GivenDose tuberculosis = new GivenDose("BCG", "1", LocalDate.of(2026, 4, 20));
    Forecast forecast =
        FORECASTER.forecast(
            new ForecastRequest(BORN, TODAY, Sex.FEMALE, List.of(first, tuberculosis), flags));
    return new Case(
        new StoredForecast(
            forecast,
            List.of(
                new StoredForecast.CountedDose(pentavalent, first, false, false),
                new StoredForecast.CountedDose(bcg, tuberculosis, true, true)),
            List.of(
                new StoredForecast.NotCounted(
                    refused, "PCV", "PCV dose 3 given before dose 2, which was not skipped"))),
        pentavalent,
        bcg,
        refused);
  }

  private static ImmunizationRecommendation map(Case c) {
    Map<UUID, ImmunizationRecommendations.Dose> doses = new HashMap<>();
    doses.put(
        c.pentavalent(),
        new ImmunizationRecommendations.Dose(
            new Reference("Immunization/" + c.pentavalent()), LocalDate.of(2026, 3, 14)));
    doses.put(
        c.bcg(),
        new ImmunizationRecommendations.Dose(
            new Reference("Immunization/" + c.bcg()), LocalDate.of(2026, 4, 20)));
    doses.put(
        c.refused(),
        new ImmunizationRecommendations.Dose(
            new Reference("Immunization/" + c.refused()), LocalDate.of(2026, 4, 1)));
    return ImmunizationRecommendations.recommendation(
        c.forecast(), SCHEDULE, TODAY, new Reference("Patient/child-1"), doses);
  }

  private static List<ImmunizationRecommendationRecommendationComponent> of(
      ImmunizationRecommendation resource, String vaccine) {
    return resource.getRecommendation().stream()
        .filter(r -> r.getVaccineCodeFirstRep().getCodingFirstRep().getCode().equals(vaccine))
        .toList();
  }

  private static List<String> codings(ImmunizationRecommendationRecommendationComponent entry) {
    return entry.getForecastStatus().getCoding().stream()
        .map(c -> c.getSystem() + "#" + c.getCode())
        .toList();
  }

  private static Map<String, String> dates(
      ImmunizationRecommendationRecommendationComponent entry) {
    Map<String, String> dates = new HashMap<>();
    for (var criterion : entry.getDateCriterion()) {
      for (Coding coding : criterion.getCode().getCoding()) {
        dates.put(coding.getCode(), criterion.getValueElement().getValueAsString());
      }
    }
    return dates;
  }

  @Test
  void theNextDoseOfASeriesCarriesItsStatusDatesDoseNumberAndTheDosesThatCounted() {
    Case c = fourMonthOld(Set.of());
    ImmunizationRecommendation resource = map(c);

    assertThat(resource.getPatient().getReference()).isEqualTo("Patient/child-1");
    assertThat(resource.getDateElement().getValueAsString()).isEqualTo("2026-05-20");
    List<ImmunizationRecommendationRecommendationComponent> pentavalent =
        of(resource, "DPT_IPV_HIB");
    assertThat(pentavalent).hasSize(1);
    ImmunizationRecommendationRecommendationComponent second = pentavalent.get(0);
    assertThat(second.getVaccineCodeFirstRep().getCodingFirstRep().getSystem())
        .isEqualTo("https://sukoyaka.app/fhir/CodeSystem/vaccine-kind");
    assertThat(second.getVaccineCodeFirstRep().getText()).contains("五種混合");
    assertThat(second.getDoseNumberStringType().getValue()).isEqualTo("2");
    assertThat(second.getSeriesDosesStringType().getValue()).isEqualTo("4");
    // As the forecast API says: overdue since the standard period ended on 2026-05-10.
    assertThat(codings(second))
        .containsExactly(
            ImmunizationRecommendations.HL7_STATUS + "#overdue",
            ImmunizationRecommendations.FORECAST_STATUS + "#overdue");
    Map<String, String> dates = dates(second);
    assertThat(dates)
        .containsEntry("30981-5", "2026-04-04")
        .containsEntry("earliest", "2026-04-04")
        .containsEntry("30980-7", "2026-04-04")
        .containsEntry("due-date", "2026-05-10")
        .containsEntry("59778-1", "2026-05-11")
        .containsEntry("59777-3", "2033-07-14")
        .containsEntry("window-end", "2033-07-14");
    assertThat(second.getSupportingImmunization())
        .extracting(Reference::getReference)
        .containsExactly("Immunization/" + c.pentavalent());
    assertThat(second.getExtensionByUrl(ImmunizationRecommendations.RULE_EXTENSION)).isNotNull();
    assertThat(
            second
                .getExtensionByUrl(ImmunizationRecommendations.RULE_EXTENSION)
                .getExtensionString("rule"))
        .isEqualTo("DPT_IPV_HIB/four-doses/2/standard.to");
  }

  @Test
  void statusesWithoutAStandardEquivalentCarryOnlyOursAndASeriesGivenInFullIsOneCompleteEntry() {
    ImmunizationRecommendation resource = map(fourMonthOld(Set.of()));

    ImmunizationRecommendationRecommendationComponent measles = of(resource, "MR").get(0);
    assertThat(codings(measles))
        .containsExactly(ImmunizationRecommendations.FORECAST_STATUS + "#not_yet");
    assertThat(dates(measles)).containsKeys("30981-5", "30980-7", "59777-3");
    List<ImmunizationRecommendationRecommendationComponent> bcg = of(resource, "BCG");
    assertThat(bcg).hasSize(1);
    assertThat(codings(bcg.get(0)))
        .containsExactly(
            ImmunizationRecommendations.HL7_STATUS + "#complete",
            ImmunizationRecommendations.FORECAST_STATUS + "#complete");
    assertThat(bcg.get(0).getDateCriterion()).isEmpty();
    assertThat(bcg.get(0).getSupportingImmunization()).hasSize(1);
  }

  @Test
  void aChildWhoHadVaricellaIsImmuneAndADoseThatCouldNotCountIsNamedWithItsReason() {
    Case c = fourMonthOld(Set.of("hadVaricella"));
    ImmunizationRecommendation resource = map(c);

    ImmunizationRecommendationRecommendationComponent varicella = of(resource, "VAR").get(0);
    assertThat(codings(varicella))
        .containsExactly(
            ImmunizationRecommendations.HL7_STATUS + "#immune",
            ImmunizationRecommendations.FORECAST_STATUS + "#ineligible");
    assertThat(varicella.getDescription()).contains("水痘にかかったことがある");
    ImmunizationRecommendationRecommendationComponent pneumococcal = of(resource, "PCV").get(0);
    assertThat(pneumococcal.getDescription())
        .contains("Not counted: Immunization/" + c.refused() + " (2026-04-01)")
        .contains("not skipped");
  }

  @Test
  void theOperationsOutputIsValidR4() {
    Parameters parameters =
        ImmunizationRecommendations.parameters(
            fourMonthOld(Set.of("hadVaricella")).forecast(),
            SCHEDULE,
            TODAY,
            new Reference("Patient/child-1"),
            Map.of());

    ValidationReport report =
        validator.validate(parameters, "http://hl7.org/fhir/StructureDefinition/Parameters");

    assertThat(report.errors()).isEmpty();
    assertThat(parameters.getParameterFirstRep().getName()).isEqualTo("recommendation");
  }
}
