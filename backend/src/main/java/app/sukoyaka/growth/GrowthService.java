package app.sukoyaka.growth;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.records.OwnRecord;
import app.sukoyaka.family.records.OwnRecords;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.UnitConversion;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * A child's growth from every source: the weight, length and head circumference of its checkups
 * (birth, newborn visit, infant and child checkups) and the family's own measurements, each placed
 * on the 2023 Japanese survey's percentiles and scored on the WHO standards, at the corrected age
 * for a baby born before 37 weeks until 24 months. A clinic's record always stays the clinic's: a
 * parent's measurement of the same day is another point, labelled as the parent's.
 */
@Singleton
public class GrowthService {
  private final FamilyService families;
  private final CheckupService checkups;
  private final OwnRecords ownRecords;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final CheckupItemCatalog catalog;
  private final GrowthReferences references = GrowthReferences.load();
  private final GrowthChartTexts texts = GrowthChartTexts.load();

  GrowthService(
      FamilyService families,
      CheckupService checkups,
      OwnRecords ownRecords,
      AccessGuard guard,
      AccessLog accessLog,
      CheckupItemCatalog catalog) {
    this.families = families;
    this.checkups = checkups;
    this.ownRecords = ownRecords;
    this.guard = guard;
    this.accessLog = accessLog;
    this.catalog = catalog;
  }

  public GrowthReferences references() {
    return references;
  }

  public GrowthChartTexts texts() {
    return texts;
  }

  /**
   * The child's growth for whoever may read its handbook: guardians and staff see every point; a
   * clinic that may read the child sees the clinics' points only (the family's own records are not
   * shared with clinics).
   */
  @Transactional
  public GrowthReport report(Principal principal, UUID childId) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    ProtectedSubject subject =
        FamilySubjects.of(child, checkups.submittingFacilitiesOfChild(child.id()));
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-growth", "growth");
    accessLog.access(principal, subject, "read-growth", "growth", true);
    Integer gestation = checkups.gestationalDaysAtBirth(child.id()).orElse(null);
    GrowthSex sex =
        "male".equals(child.sex())
            ? GrowthSex.MALE
            : "female".equals(child.sex()) ? GrowthSex.FEMALE : null;
    List<GrowthPoint> points = new ArrayList<>();
    for (Checkup checkup : checkups.forChild(child.id())) {
      for (Checkup.Finding finding : checkup.findings()) {
        if (!finding.isObservation()
            || "entered-in-error".equals(finding.status())
            || !(finding.value() instanceof FindingValue.Quantity)) {
          continue;
        }
        FindingValue.Quantity quantity = (FindingValue.Quantity) finding.value();
        texts
            .measureOfItem(finding.itemCode())
            .flatMap(
                measure ->
                    point(
                        measure,
                        GrowthPoint.CLINIC,
                        finding.id(),
                        checkup.kind(),
                        checkup.visitDate(),
                        finding.itemCode(),
                        quantity.value(),
                        quantity.unit(),
                        child.birthDate(),
                        gestation,
                        sex))
            .ifPresent(points::add);
      }
    }
    if (principal.role() != Role.CLINIC) {
      for (OwnRecord record : ownRecords.measurementsOfChild(child.id())) {
        texts
            .measureOfItem(record.item())
            .flatMap(
                measure ->
                    point(
                        measure,
                        GrowthPoint.PARENT,
                        record.id(),
                        null,
                        record.date(),
                        record.item(),
                        record.quantityValue(),
                        record.quantityUnit(),
                        child.birthDate(),
                        gestation,
                        sex))
            .ifPresent(points::add);
      }
    }
    points.sort(
        Comparator.comparing(GrowthPoint::date)
            .thenComparing(GrowthPoint::source)
            .thenComparing(p -> p.measure().code())
            .thenComparing(GrowthPoint::id));
    LocalDate correctedUntil =
        gestation != null && gestation < GrowthAge.PRETERM_BELOW_DAYS
            ? child.birthDate().plusMonths(GrowthAge.CORRECTED_UNTIL_MONTHS)
            : null;
    return new GrowthReport(
        child.id(), child.birthDate(), sex, gestation, correctedUntil, List.copyOf(points));
  }

  private Optional<GrowthPoint> point(
      GrowthChartTexts.Measure measure,
      String source,
      UUID id,
      String checkupKind,
      LocalDate date,
      String item,
      BigDecimal value,
      String unit,
      LocalDate birth,
      Integer gestation,
      GrowthSex sex) {
    if (value == null || date.isBefore(birth)) {
      return Optional.empty();
    }
    Optional<BigDecimal> converted = convert(item, value, unit, measure.unit());
    if (converted.isEmpty()) {
      return Optional.empty();
    }
    double v = converted.get().doubleValue();
    GrowthAge age = GrowthAge.of(birth, gestation, date);
    JapanGrowthSurvey.Placement placement =
        sex == null
            ? null
            : references.japan().place(measure.reference(), sex, age, v).orElse(null);
    Double z = null;
    if (sex != null) {
      OptionalDouble score = references.who().zScore(measure.reference(), sex, age, v);
      if (score.isPresent()) {
        // Two decimals, as WHO's tools report them: the body stays the same for the same data.
        z =
            BigDecimal.valueOf(score.getAsDouble())
                .setScale(2, java.math.RoundingMode.HALF_UP)
                .doubleValue();
      }
    }
    return Optional.of(
        new GrowthPoint(
            measure,
            source,
            id,
            checkupKind,
            date,
            v,
            ChronoUnit.DAYS.between(birth, date),
            (int) Period.between(birth, date).toTotalMonths(),
            age,
            placement,
            z));
  }

  /** The value in the measure's unit, by the catalog item's own conversions (3120 g → 3.12 kg). */
  private Optional<BigDecimal> convert(String item, BigDecimal value, String unit, String target) {
    if (unit.equals(target)) {
      return Optional.of(value);
    }
    Optional<CatalogItem> found = catalog.byCode(item);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Optional<BigDecimal> from =
        found.get().units().stream()
            .filter(u -> u.ucum().equals(unit))
            .map(UnitConversion::factor)
            .findFirst();
    Optional<BigDecimal> to =
        found.get().units().stream()
            .filter(u -> u.ucum().equals(target))
            .map(UnitConversion::factor)
            .findFirst();
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        value.multiply(from.get()).divide(to.get(), MathContext.DECIMAL64).stripTrailingZeros());
  }
}
