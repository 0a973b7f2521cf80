package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stored records become the forecaster's history: labels given, labels worked out, refusals. */
class ChildForecastsTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
  private static final LocalDate BORN = LocalDate.of(2025, 3, 10);

  private final ChildForecasts forecasts =
      new ChildForecasts(
          null,
          new ImmunizationForecasts(
              Clock.fixed(Instant.parse("2026-11-21T03:00:00Z"), ZoneId.of("Asia/Tokyo"))));

  private static ImmunizationRecord record(
      LocalDate date,
      ImmunizationRecord.Source source,
      ImmunizationRecord.Verification verification,
      ImmunizationRecord.Credit... credits) {
    Instant at = Instant.parse("2026-11-01T00:00:00Z");
    boolean confirmed = verification != ImmunizationRecord.Verification.UNVERIFIED;
    return new ImmunizationRecord(
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        null,
        date,
        new ImmunizationRecord.Coding("http://hl7.org/fhir/sid/cvx", "94", null),
        null,
        null,
        null,
        null,
        true,
        source,
        verification,
        confirmed ? "staff-1" : null,
        confirmed ? at : null,
        null,
        null,
        null,
        null,
        1,
        null,
        "guardian",
        "p",
        at,
        at,
        List.of(credits));
  }

  private static ImmunizationRecord clinicDose(String vaccine, String dose, LocalDate date) {
    return record(
        date,
        ImmunizationRecord.Source.CLINIC,
        ImmunizationRecord.Verification.VERIFIED,
        new ImmunizationRecord.Credit(vaccine, dose));
  }

  private static Recommendation next(StoredForecast forecast, String vaccine) {
    return forecast.forecast().recommendations().stream()
        .filter(r -> r.vaccine().equals(vaccine) && r.status() != Status.COMPLETE)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aForeignMmrvWithoutDoseLabelsCountsAsTheFirstMrAndTheFirstVaricellaDose() {
    ImmunizationRecord mmrv =
        record(
            BORN.plusMonths(13),
            ImmunizationRecord.Source.ABROAD,
            ImmunizationRecord.Verification.VERIFIED,
            new ImmunizationRecord.Credit("MR", null),
            new ImmunizationRecord.Credit("VAR", null));

    StoredForecast forecast = forecasts.forRecords(List.of(mmrv), BORN, "female", Set.of(), TODAY);

    assertThat(forecast.counted())
        .extracting(d -> d.dose().vaccine() + " " + d.dose().dose() + " " + d.inferred())
        .containsExactlyInAnyOrder("MR 1期 true", "VAR 1 true");
    assertThat(forecast.notCounted()).isEmpty();
    assertThat(next(forecast, "VAR").dose()).isEqualTo("2");
  }

  @Test
  void aDoseOutOfOrderIsReportedAndTheRestStillForecast() {
    ImmunizationRecord first = clinicDose("HIB", "1", BORN.plusMonths(2));
    ImmunizationRecord third = clinicDose("HIB", "3", BORN.plusMonths(3));

    StoredForecast forecast =
        forecasts.forRecords(List.of(first, third), BORN, "male", Set.of(), TODAY);

    assertThat(forecast.counted()).extracting(d -> d.recordId()).containsExactly(first.id());
    assertThat(forecast.notCounted()).extracting(n -> n.recordId()).containsExactly(third.id());
    assertThat(forecast.notCounted().get(0).reason()).isNotBlank();
  }

  @Test
  void aRejectedParentEntryIsIgnoredAndAnUnconfirmedOneCountsMarkedAsSuch() {
    ImmunizationRecord rejected =
        record(
            BORN.plusMonths(2),
            ImmunizationRecord.Source.PARENT,
            ImmunizationRecord.Verification.REJECTED,
            new ImmunizationRecord.Credit("HEPB", "1"));
    ImmunizationRecord unconfirmed =
        record(
            BORN.plusMonths(2),
            ImmunizationRecord.Source.PARENT,
            ImmunizationRecord.Verification.UNVERIFIED,
            new ImmunizationRecord.Credit("PCV", null));

    StoredForecast forecast =
        forecasts.forRecords(List.of(rejected, unconfirmed), BORN, "male", Set.of(), TODAY);

    assertThat(forecast.counted())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.recordId()).isEqualTo(unconfirmed.id());
              assertThat(d.dose().dose()).isEqualTo("1");
              assertThat(d.unverified()).isTrue();
            });
    assertThat(next(forecast, "HEPB").dose()).isEqualTo("1");
  }

  @Test
  void aRecordDatedBeforeTheBirthIsReportedNotCounted() {
    ImmunizationRecord early = clinicDose("BCG", "1", BORN.minusDays(3));

    StoredForecast forecast = forecasts.forRecords(List.of(early), BORN, null, Set.of(), TODAY);

    assertThat(forecast.counted()).isEmpty();
    assertThat(forecast.notCounted()).extracting(n -> n.vaccine()).containsExactly("BCG");
  }

  private static ImmunizationRecord familyEntry(String vaccine, LocalDate date) {
    return record(
        date,
        ImmunizationRecord.Source.PARENT,
        ImmunizationRecord.Verification.UNVERIFIED,
        new ImmunizationRecord.Credit(vaccine, null));
  }

  @Test
  void aClinicDoseAfterTheFamilysOwnRecordOfTheDoseBeforeItCounts() {
    ImmunizationRecord first = clinicDose("DPT_IPV_HIB", "1", BORN.plusMonths(2));
    ImmunizationRecord second = familyEntry("DPT_IPV_HIB", BORN.plusMonths(3));
    ImmunizationRecord third = clinicDose("DPT_IPV_HIB", "3", BORN.plusMonths(4));
    ImmunizationRecord fourth = familyEntry("DPT_IPV_HIB", BORN.plusMonths(12));

    StoredForecast forecast =
        forecasts.forRecords(List.of(first, second, third, fourth), BORN, "male", Set.of(), TODAY);

    assertThat(forecast.notCounted()).isEmpty();
    assertThat(forecast.counted())
        .extracting(d -> d.dose().dose() + " " + d.inferred())
        .containsExactlyInAnyOrder("1 false", "2 true", "3 false", "4 true");
    assertThat(
            forecast.counted().stream()
                .filter(d -> d.recordId().equals(third.id()))
                .findFirst()
                .orElseThrow()
                .dose()
                .dose())
        .isEqualTo("3");
  }

  @Test
  void theSameRecordsReadInAnotherOrderGiveTheSameForecast() {
    LocalDate visit = BORN.plusMonths(2);
    List<ImmunizationRecord> records =
        List.of(
            clinicDose("DPT_IPV_HIB", "1", visit),
            clinicDose("PCV", "1", visit),
            clinicDose("HEPB", "1", visit),
            familyEntry("ROTA", visit),
            familyEntry("DPT_IPV_HIB", BORN.plusMonths(3)));
    List<ImmunizationRecord> reversed = new java.util.ArrayList<>(records);
    java.util.Collections.reverse(reversed);

    assertThat(forecasts.forRecords(reversed, BORN, "female", Set.of(), TODAY))
        .isEqualTo(forecasts.forRecords(records, BORN, "female", Set.of(), TODAY));
  }
}
