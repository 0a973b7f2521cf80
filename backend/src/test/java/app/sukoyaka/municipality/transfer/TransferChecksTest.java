package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.transfer.HandbookPackage.Facility;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingCheckup;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingFinding;
import app.sukoyaka.municipality.transfer.HandbookPackage.PackageChild;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a record taken over is held to, the same as an entry's. */
class TransferChecksTest {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final TransferChecks CHECKS =
      new TransferChecks(CATALOG, new VaccinationRules(VaccineCatalog.load()));
  private static final LocalDate BORN = LocalDate.of(2025, 6, 10);
  private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);

  @Test
  void aWeightInGramsIsTakenOverInTheCatalogsUnit() {
    List<FieldError> errors = new ArrayList<>();

    TransferChecks.Checked checked =
        check(
            checkup(
                "infant-3-4-months",
                BORN.plusMonths(3),
                finding("body-weight", quantity("6480", "g"))),
            errors);

    assertThat(errors).isEmpty();
    FindingValue.Quantity weight =
        (FindingValue.Quantity) checked.checkups().get(0).findings().get(0).value();
    assertThat(weight.unit()).isEqualTo("kg");
    assertThat(weight.value()).isEqualByComparingTo("6.48");
  }

  @Test
  void anImplausibleValueAnItemOfAnotherCheckupAndAMothersRecordAreEachRefused() {
    List<FieldError> errors = new ArrayList<>();

    check(
        List.of(
            checkup(
                "infant-3-4-months",
                BORN.plusMonths(3),
                finding("body-weight", quantity("90", "kg")),
                finding(
                    "refraction-test",
                    new FindingValue.Coded(
                        "https://sukoyaka.app/fhir/CodeSystem/screening-result",
                        "no-abnormality"))),
            checkup("prenatal", BORN.minusMonths(2))),
        errors);

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly("c/findings/0", "c/findings/1", "c/kind", "c/date");
  }

  @Test
  void theChildsStateAtBirthIsTakenOverFromTheDeliveryAndTheMandatoryItemsAloneWhenEnteredByHand() {
    List<FieldError> birth = new ArrayList<>();
    List<FieldError> byHand = new ArrayList<>();

    check(
        checkup(
            "delivery", BORN.minusDays(1), "IMP", finding("birth-weight", quantity("3012", "g"))),
        birth);
    CHECKS.check(
        handbook(
            checkup(
                "infant-3-4-months",
                BORN.plusMonths(3),
                finding("social-smile", new FindingValue.Flag(true)))),
        BORN,
        "male",
        TODAY,
        true,
        byHand);

    assertThat(birth).isEmpty();
    assertThat(byHand)
        .extracting(FieldError::message)
        .singleElement()
        .asString()
        .contains("最低限電子化すべき");
  }

  @Test
  void aCheckupTheMunicipalityHeldIsTakenOverByItsPlaceAndOneNamingNoPlaceAtAllIsRefused() {
    List<FieldError> groupCheckup = new ArrayList<>();
    List<FieldError> nowhere = new ArrayList<>();
    List<FieldError> codeWithoutName = new ArrayList<>();

    TransferChecks.Checked checked =
        check(
            at(
                checkup("infant-3-4-months", BORN.plusMonths(3)),
                new Facility(null, "文京区保健サービスセンター")),
            groupCheckup);
    check(at(checkup("infant-3-4-months", BORN.plusMonths(3)), new Facility(null, null)), nowhere);
    check(
        at(checkup("infant-3-4-months", BORN.plusMonths(3)), new Facility("1312345678", null)),
        codeWithoutName);

    assertThat(groupCheckup).isEmpty();
    assertThat(checked.checkups().get(0).content().path("facility").path("name").asText())
        .isEqualTo("文京区保健サービスセンター");
    assertThat(checked.checkups().get(0).content().path("facility").has("medicalInstitutionCode"))
        .isFalse();
    assertThat(nowhere).extracting(FieldError::field).containsExactly("c/facility");
    assertThat(nowhere.get(0).message()).contains("集団健診");
    assertThat(codeWithoutName).extracting(FieldError::field).containsExactly("c/facility/name");
  }

  @Test
  void anotherPlaceForTheSameGroupCheckupIsAChangeButAnotherNameForTheSameClinicIsNot() {
    List<FieldError> errors = new ArrayList<>();
    IncomingCheckup visit = checkup("infant-3-4-months", BORN.plusMonths(3));

    String centre =
        check(at(visit, new Facility(null, "保健センター")), errors).checkups().get(0).digest();
    String otherPlace =
        check(at(visit, new Facility(null, "第二会場")), errors).checkups().get(0).digest();
    String clinic =
        check(at(visit, new Facility("1312345678", "さくら小児科")), errors).checkups().get(0).digest();
    String renamed =
        check(at(visit, new Facility("1312345678", "さくら小児科医院")), errors).checkups().get(0).digest();

    assertThat(errors).isEmpty();
    assertThat(otherPlace).isNotEqualTo(centre);
    assertThat(renamed).isEqualTo(clinic);
  }

  private static IncomingCheckup at(IncomingCheckup checkup, Facility facility) {
    return new IncomingCheckup(
        checkup.key(),
        checkup.kind(),
        checkup.encounterClass(),
        checkup.kindName(),
        checkup.visitDate(),
        facility,
        checkup.findings(),
        checkup.at());
  }

  private static TransferChecks.Checked check(IncomingCheckup checkup, List<FieldError> errors) {
    return check(List.of(checkup), errors);
  }

  private static TransferChecks.Checked check(
      List<IncomingCheckup> checkups, List<FieldError> errors) {
    return CHECKS.check(
        handbook(checkups.toArray(IncomingCheckup[]::new)), BORN, "male", TODAY, false, errors);
  }

  private static HandbookPackage handbook(IncomingCheckup... checkups) {
    return new HandbookPackage(
        HandbookPackage.Kind.HANDBOOK,
        null,
        null,
        null,
        new PackageChild(null, null, null, null, BORN, "male", 1, List.of()),
        List.of(checkups),
        List.of(),
        List.of());
  }

  private static IncomingCheckup checkup(String kind, LocalDate date, IncomingFinding... findings) {
    return checkup(kind, date, "AMB", findings);
  }

  private static IncomingCheckup checkup(
      String kind, LocalDate date, String encounterClass, IncomingFinding... findings) {
    List<IncomingFinding> placed = new ArrayList<>();
    for (int i = 0; i < findings.length; i++) {
      IncomingFinding f = findings[i];
      placed.add(
          new IncomingFinding(
              f.observation(),
              f.itemCode(),
              f.value(),
              f.sourceSystem(),
              f.sourceCode(),
              "c/findings/" + i));
    }
    return new IncomingCheckup(
        new RecordKey("131016", kind + date),
        kind,
        encounterClass,
        null,
        date,
        new Facility("1312345678", "さくら小児科"),
        placed,
        "c");
  }

  private static IncomingFinding finding(String item, FindingValue value) {
    return new IncomingFinding(
        item, item, value, "https://sukoyaka.app/fhir/CodeSystem/checkup-item", item, "c");
  }

  private static FindingValue quantity(String value, String unit) {
    return new FindingValue.Quantity(new BigDecimal(value), unit);
  }
}
