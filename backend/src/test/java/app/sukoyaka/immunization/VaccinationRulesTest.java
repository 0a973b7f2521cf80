package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** The rules every source of a vaccination record is held to, and what a record counts for. */
class VaccinationRulesTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
  private static final LocalDate BORN = LocalDate.of(2025, 9, 1);
  private static final VaccinationRules.Person BOY =
      new VaccinationRules.Person(Subject.CHILD, BORN, "male");
  private static final VaccinationRules.Person GIRL =
      new VaccinationRules.Person(Subject.CHILD, LocalDate.of(2013, 6, 1), "female");
  private static final VaccinationRules.Person PREGNANT =
      new VaccinationRules.Person(Subject.MOTHER, LocalDate.of(1993, 6, 15), "female");

  private final VaccinationRules rules = new VaccinationRules(VaccineCatalog.load());

  private static VaccinationDraft kind(
      String kind, LocalDate date, String dose, Boolean routine, String product) {
    return new VaccinationDraft(
        List.of(new ImmunizationRecord.Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, kind, null)),
        date,
        product,
        dose,
        null,
        routine,
        null,
        null,
        null,
        null,
        null);
  }

  private static VaccinationDraft foreign(String system, String code, LocalDate date, String dose) {
    return new VaccinationDraft(
        List.of(new ImmunizationRecord.Coding(system, code, "as sent")),
        date,
        null,
        dose,
        null,
        null,
        null,
        null,
        null,
        "US",
        null);
  }

  private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ImmunizationEntryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(code);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @Test
  void aRoutineDoseOfARoutineKindCountsForItsSeriesAsTheDoseItNames() {
    VaccinationRules.Checked checked =
        rules.check(kind("DPT_IPV_HIB", BORN.plusMonths(2), "1", true, null), BOY, TODAY, true);
    assertThat(checked.routine()).isTrue();
    assertThat(checked.kind().code()).isEqualTo("DPT_IPV_HIB");
    assertThat(checked.credits())
        .containsExactly(new ImmunizationRecord.Credit("DPT_IPV_HIB", "1"));
  }

  @Test
  void aDoseWithoutALabelCountsForItsSeriesAndTheForecastPlacesItByDate() {
    VaccinationRules.Checked checked =
        rules.check(kind("PCV", BORN.plusMonths(2), null, false, "PCV20"), BOY, TODAY, true);
    assertThat(checked.credits()).containsExactly(new ImmunizationRecord.Credit("PCV", null));
    assertThat(checked.product()).isEqualTo("PCV20");
  }

  @Test
  void aDoseInTheFutureOrBeforeBirthIsRefused() {
    refused(
        () -> rules.check(kind("BCG", TODAY.plusDays(1), null, false, null), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_DATE_IN_FUTURE,
        "date");
    refused(
        () -> rules.check(kind("BCG", BORN.minusDays(1), null, false, null), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_DATE_BEFORE_BIRTH,
        "date");
  }

  @Test
  void aVoluntaryVaccineMarkedRoutineIsRefused() {
    refused(
        () -> rules.check(kind("MUMPS", BORN.plusMonths(13), null, true, null), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_NOT_ROUTINE,
        "routine");
    assertThat(
            rules
                .check(kind("MUMPS", BORN.plusMonths(13), null, false, null), BOY, TODAY, true)
                .credits())
        .isEmpty();
  }

  @Test
  void hpvIsRoutineForAGirlButNotForABoy() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    assertThat(rules.check(kind("HPV", day, "1", true, "9vHPV"), GIRL, TODAY, true).routine())
        .isTrue();
    VaccinationRules.Person boy =
        new VaccinationRules.Person(Subject.CHILD, LocalDate.of(2013, 6, 1), "male");
    refused(
        () -> rules.check(kind("HPV", day, "1", true, "9vHPV"), boy, TODAY, true),
        ErrorCode.IMMUNIZATION_NOT_ROUTINE,
        "routine");
  }

  @Test
  void theRsvMaternalVaccineIsRoutineForAPregnantPersonFromApril2026AndNeverForAChild() {
    assertThat(
            rules
                .check(
                    kind("RSV_MATERNAL", LocalDate.of(2026, 6, 20), null, true, null),
                    PREGNANT,
                    TODAY,
                    true)
                .routine())
        .isTrue();
    refused(
        () ->
            rules.check(
                kind("RSV_MATERNAL", LocalDate.of(2026, 3, 20), null, true, null),
                PREGNANT,
                TODAY,
                true),
        ErrorCode.IMMUNIZATION_NOT_ROUTINE,
        "routine");
    refused(
        () ->
            rules.check(
                kind("RSV_MATERNAL", BORN.plusMonths(1), null, false, null), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_NOT_FOR_THIS_PERSON,
        "vaccine");
    refused(
        () ->
            rules.check(
                kind("BCG", LocalDate.of(2026, 6, 20), null, false, null), PREGNANT, TODAY, true),
        ErrorCode.IMMUNIZATION_NOT_FOR_THIS_PERSON,
        "vaccine");
  }

  @Test
  void aDoseLabelThatIsNotOfTheVaccinesSeriesIsRefused() {
    refused(
        () -> rules.check(kind("MR", BORN.plusMonths(13), "1", true, null), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_DOSE_NOT_IN_SERIES,
        "dose");
    refused(
        () -> rules.check(kind("BCG", BORN.plusMonths(5), "2", true, null), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_DOSE_NOT_IN_SERIES,
        "dose");
    assertThat(
            rules
                .check(kind("JE", LocalDate.of(2026, 9, 1), "1期初回1", true, null), GIRL, TODAY, true)
                .credits())
        .containsExactly(new ImmunizationRecord.Credit("JE", "1期初回1"));
  }

  @Test
  void aProductOfAnotherVaccineIsRefused() {
    refused(
        () -> rules.check(kind("ROTA", BORN.plusMonths(2), "1", true, "9vHPV"), BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_UNKNOWN_PRODUCT,
        "product");
  }

  @Test
  void aClinicsRecordNeedsAVaccineKindButAnotherSourceKeepsAnUnknownCode() {
    VaccinationDraft unknown =
        foreign("https://clinic.example.jp/vaccines", "V05", BORN.plusMonths(2), null);
    refused(
        () -> rules.check(unknown, BOY, TODAY, true),
        ErrorCode.IMMUNIZATION_VACCINE_NOT_IDENTIFIED,
        "vaccine");
    VaccinationRules.Checked kept = rules.check(unknown, BOY, TODAY, false);
    assertThat(kept.kind()).isNull();
    assertThat(kept.credits()).isEmpty();
    assertThat(kept.vaccine().code()).isEqualTo("V05");
  }

  @Test
  void anMmrvDoseAbroadCountsForMrAndVaricellaAndItsLabelOnlyWhereItBelongs() {
    VaccinationRules.Checked checked =
        rules.check(
            foreign(SukoyakaCanonicals.CVX_SYSTEM, "94", BORN.plusMonths(13), "1期"),
            BOY,
            TODAY,
            false);
    assertThat(checked.kind()).isNull();
    assertThat(checked.credits())
        .containsExactly(
            new ImmunizationRecord.Credit("MR", "1期"), new ImmunizationRecord.Credit("VAR", null));
  }

  @Test
  void aDoseGivenAbroadIsNeverRoutine() {
    VaccinationDraft abroad =
        new VaccinationDraft(
            List.of(
                new ImmunizationRecord.Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "MR", null)),
            BORN.plusMonths(13),
            null,
            "1期",
            null,
            true,
            null,
            null,
            null,
            "US",
            null);
    refused(
        () -> rules.check(abroad, BOY, TODAY, false),
        ErrorCode.IMMUNIZATION_NOT_ROUTINE,
        "routine");
  }
}
