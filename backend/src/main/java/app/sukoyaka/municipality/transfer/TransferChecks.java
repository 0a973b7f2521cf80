package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.transfer.HandbookPackage.Facility;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingCheckup;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingFinding;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingVaccination;
import app.sukoyaka.municipality.transfer.TransferContent.ContentFinding;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.ValueType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rules a record taken over is held to, the same as for a clinic's or a staff member's entry: a
 * checkup of a child's kind (or the child's state at birth) on a day between birth and today, at a
 * facility named by its 医療機関コード (or, for a 集団健診, at the place the municipality named), with
 * findings of items recorded at that kind about a child, in a unit the catalog accepts and within
 * the plausible range; a vaccination the vaccination rules accept. Every broken rule is reported
 * with where it is, so that one answer lists all that must be fixed. Pure.
 */
final class TransferChecks {
  /** The kind whose findings about the child (its state at birth) are taken over with the child. */
  static final String DELIVERY = "delivery";

  /** A delivery may begin a few days before the birth (admission); its day is the visit's. */
  private static final int DELIVERY_DAYS_BEFORE_BIRTH = 7;

  private final CheckupItemCatalog catalog;
  private final VaccinationRules rules;

  TransferChecks(CheckupItemCatalog catalog, VaccinationRules rules) {
    this.catalog = catalog;
    this.rules = rules;
  }

  /**
   * A finding as it will be stored: its value in the item's canonical unit.
   *
   * @param answered when its questionnaire was answered, for an answer (the EPDS); else null
   */
  record CheckedFinding(
      String observation,
      String itemCode,
      FindingValue value,
      String sourceSystem,
      String sourceCode,
      java.time.Instant answered) {}

  /** A checkup that passed the rules, with its content and the digest of it. */
  record CheckedCheckup(
      IncomingCheckup incoming, List<CheckedFinding> findings, ObjectNode content, String digest) {

    /**
     * Whether the previous municipality held the visit itself (a 集団健診): no facility, its place kept
     * as the performer.
     */
    boolean heldByMunicipality() {
      return incoming.facility().medicalInstitutionCode() == null;
    }

    /**
     * The visit as it is stored here, for a child or a pregnancy, its findings grouped into
     * observations as they came.
     */
    NewCheckup toNew(
        UUID municipalityId,
        UUID pregnancyId,
        UUID childId,
        UUID facilityId,
        Integer gestationalAgeDays) {
      Map<String, UUID> observations = new HashMap<>();
      List<NewCheckup.NewFinding> stored = new ArrayList<>();
      for (CheckedFinding finding : findings) {
        String group = finding.observation() == null ? finding.itemCode() : finding.observation();
        UUID observationId = observations.computeIfAbsent(group, k -> Ids.newId());
        // An answer stays an answer of its questionnaire, with the moment it was answered.
        stored.add(
            new NewCheckup.NewFinding(
                Ids.newId(),
                observationId,
                finding.itemCode(),
                finding.value(),
                finding.sourceSystem(),
                finding.sourceCode(),
                null,
                finding.answered() == null ? Checkup.OBSERVATION : Checkup.QUESTIONNAIRE_RESPONSE,
                finding.answered()));
      }
      boolean held = heldByMunicipality();
      return new NewCheckup(
          Ids.newId(),
          incoming.kind(),
          incoming.encounterClass(),
          incoming.kindName(),
          municipalityId,
          pregnancyId,
          childId,
          facilityId,
          incoming.visitDate(),
          gestationalAgeDays,
          stored,
          held ? incoming.facility().name() : null,
          held ? NewCheckup.MUNICIPAL : NewCheckup.CLINIC);
    }
  }

  /** A vaccination that passed the rules, with what it counts for, its content and digest. */
  record CheckedVaccination(
      IncomingVaccination incoming,
      VaccinationRules.Checked checked,
      ObjectNode content,
      String digest) {}

  record Checked(List<CheckedCheckup> checkups, List<CheckedVaccination> vaccinations) {}

  /**
   * Applies the rules to every record of the package.
   *
   * @param mandatoryOnly take only the 最低限電子化すべき items (what staff enter by hand)
   * @param errors collects every broken rule, with its place in the input
   */
  Checked check(
      HandbookPackage handbook,
      LocalDate birthDate,
      String sex,
      LocalDate today,
      boolean mandatoryOnly,
      List<FieldError> errors) {
    List<CheckedCheckup> checkups = new ArrayList<>();
    for (IncomingCheckup checkup : handbook.checkups()) {
      checkup(checkup, Subject.CHILD, birthDate, today, mandatoryOnly, errors)
          .ifPresent(checkups::add);
    }
    List<CheckedVaccination> vaccinations = new ArrayList<>();
    VaccinationRules.Person child = new VaccinationRules.Person(Subject.CHILD, birthDate, sex);
    for (IncomingVaccination vaccination : handbook.vaccinations()) {
      try {
        VaccinationRules.Checked checked = rules.check(vaccination.draft(), child, today, false);
        ObjectNode content = content(vaccination, checked);
        vaccinations.add(
            new CheckedVaccination(vaccination, checked, content, TransferContent.digest(content)));
      } catch (ImmunizationEntryException e) {
        errors.add(
            new FieldError(
                vaccination.at() + (e.field() == null ? "" : "/" + e.field()),
                e.errorCode().code() + " " + e.getMessage()));
      }
    }
    return new Checked(checkups, vaccinations);
  }

  /**
   * A pregnancy's visits and her vaccinations during it, from the family's download: the same rules
   * as a child's, for the mother's checkups and items.
   *
   * @param earliest the first day a visit of the pregnancy can be (about 300 days before it is due)
   */
  Checked checkPregnancy(
      List<IncomingCheckup> incomingCheckups,
      List<IncomingVaccination> incomingVaccinations,
      LocalDate motherBirthDate,
      LocalDate earliest,
      LocalDate today,
      List<FieldError> errors) {
    List<CheckedCheckup> checkups = new ArrayList<>();
    for (IncomingCheckup checkup : incomingCheckups) {
      checkup(checkup, Subject.MOTHER, earliest, today, false, errors).ifPresent(checkups::add);
    }
    List<CheckedVaccination> vaccinations = new ArrayList<>();
    VaccinationRules.Person mother =
        new VaccinationRules.Person(Subject.MOTHER, motherBirthDate, "female");
    for (IncomingVaccination vaccination : incomingVaccinations) {
      try {
        VaccinationRules.Checked checked = rules.check(vaccination.draft(), mother, today, false);
        ObjectNode content = content(vaccination, checked);
        vaccinations.add(
            new CheckedVaccination(vaccination, checked, content, TransferContent.digest(content)));
      } catch (ImmunizationEntryException e) {
        errors.add(
            new FieldError(
                vaccination.at() + (e.field() == null ? "" : "/" + e.field()),
                e.errorCode().code() + " " + e.getMessage()));
      }
    }
    return new Checked(checkups, vaccinations);
  }

  private Optional<CheckedCheckup> checkup(
      IncomingCheckup checkup,
      Subject subject,
      LocalDate birthDate,
      LocalDate today,
      boolean mandatoryOnly,
      List<FieldError> errors) {
    int before = errors.size();
    String at = checkup.at();
    Optional<CheckupKind> found = catalog.kind(checkup.kind());
    if (found.isEmpty()) {
      errors.add(new FieldError(at + "/kind", "not a checkup kind of the catalog"));
      return Optional.empty();
    }
    CheckupKind kind = found.get();
    boolean birth = kind.code().equals(DELIVERY) && subject == Subject.CHILD;
    if (subject == Subject.MOTHER && kind.subject() != Subject.MOTHER) {
      errors.add(
          new FieldError(
              at + "/kind", kind.label().ja() + " is the child's record, not the pregnancy's"));
    }
    if (subject == Subject.CHILD && kind.subject() != Subject.CHILD && !birth) {
      errors.add(
          new FieldError(
              at + "/kind",
              kind.label().ja()
                  + " is the mother's record; a child's handbook takes over the child's"
                  + " checkups and its state at birth"));
    }
    if (!kind.encounterClasses().contains(checkup.encounterClass())) {
      errors.add(
          new FieldError(
              at + "/class", "a " + kind.code() + " visit is one of " + kind.encounterClasses()));
    }
    if (kind.municipalOwn() && checkup.kindName() == null) {
      errors.add(new FieldError(at + "/kindName", "a municipality's own checkup needs its name"));
    }
    LocalDate earliest = birth ? birthDate.minusDays(DELIVERY_DAYS_BEFORE_BIRTH) : birthDate;
    if (checkup.visitDate().isBefore(earliest) || checkup.visitDate().isAfter(today)) {
      errors.add(
          new FieldError(
              at + "/date",
              "the visit on "
                  + checkup.visitDate()
                  + (subject == Subject.MOTHER
                      ? " is not between the start of the pregnancy ("
                      : " is not between the child's birth (")
                  + birthDate
                  + ") and today"));
    }
    Facility facility = checkup.facility();
    // A checkup the municipality held itself (集団健診) has no 医療機関コード: its place names it.
    if (facility == null
        || (facility.medicalInstitutionCode() == null && facility.name() == null)) {
      errors.add(
          new FieldError(
              at + "/facility",
              "the 医療機関コード of where the checkup was done, or the place of a checkup the"
                  + " municipality held (集団健診)"));
    } else if (facility.name() == null) {
      errors.add(new FieldError(at + "/facility/name", "the name of where the checkup was done"));
    }
    List<CheckedFinding> findings = new ArrayList<>();
    Set<String> items = new HashSet<>();
    for (IncomingFinding finding : checkup.findings()) {
      finding(finding, subject, kind, mandatoryOnly, errors).ifPresent(findings::add);
      if (!items.add(finding.itemCode())) {
        errors.add(new FieldError(finding.at(), finding.itemCode() + " is given twice"));
      }
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    ObjectNode content =
        TransferContent.checkupContent(
            kind.code(),
            checkup.encounterClass(),
            checkup.kindName(),
            checkup.visitDate(),
            facility,
            findings.stream().map(f -> new ContentFinding(f.itemCode(), f.value())).toList());
    return Optional.of(
        new CheckedCheckup(checkup, findings, content, TransferContent.digest(content)));
  }

  /** Findings corrected at a checkup of that kind, held to the same rules as when taken over. */
  List<CheckedFinding> findings(
      String kindCode, List<IncomingFinding> findings, List<FieldError> errors) {
    CheckupKind kind =
        catalog
            .kind(kindCode)
            .orElseThrow(() -> new IllegalStateException("Stored kind unknown: " + kindCode));
    List<CheckedFinding> checked = new ArrayList<>();
    Set<String> items = new HashSet<>();
    for (IncomingFinding finding : findings) {
      finding(finding, Subject.CHILD, kind, false, errors).ifPresent(checked::add);
      if (!items.add(finding.itemCode())) {
        errors.add(new FieldError(finding.at(), finding.itemCode() + " is given twice"));
      }
    }
    return checked;
  }

  private Optional<CheckedFinding> finding(
      IncomingFinding finding,
      Subject subject,
      CheckupKind kind,
      boolean mandatoryOnly,
      List<FieldError> errors) {
    Optional<CatalogItem> found = catalog.byCode(finding.itemCode());
    if (found.isEmpty()) {
      errors.add(new FieldError(finding.at(), finding.itemCode() + " is not a catalog item"));
      return Optional.empty();
    }
    CatalogItem item = found.get();
    String label = item.label().ja() + " (" + item.code() + ")";
    if (!item.isAbout(subject)) {
      errors.add(
          new FieldError(
              finding.at(),
              label
                  + (subject == Subject.CHILD
                      ? " is not recorded about a child"
                      : " is not recorded about the pregnant person")));
      return Optional.empty();
    }
    if (!item.checkups().contains(kind.code())) {
      errors.add(new FieldError(finding.at(), label + " is not recorded at " + kind.label().ja()));
      return Optional.empty();
    }
    if (mandatoryOnly && !item.mandatoryDigitisation()) {
      errors.add(
          new FieldError(
              finding.at(),
              label
                  + " is not one of the 最低限電子化すべき items; take over the rest with the previous"
                  + " municipality's handbook Bundle"));
      return Optional.empty();
    }
    Optional<FindingValue> value =
        value(item, subject, finding.value(), finding.at(), label, errors);
    return value.map(
        v ->
            new CheckedFinding(
                finding.observation(),
                item.code(),
                v,
                finding.sourceSystem(),
                finding.sourceCode(),
                finding.answered()));
  }

  /** The value in the item's canonical unit, when it fits the item. */
  private static Optional<FindingValue> value(
      CatalogItem item,
      Subject subject,
      FindingValue value,
      String at,
      String label,
      List<FieldError> errors) {
    if (!value.valueType().equals(item.valueType().name().toLowerCase(java.util.Locale.ROOT))) {
      errors.add(new FieldError(at, label + " needs a value of type " + typeName(item)));
      return Optional.empty();
    }
    if (value instanceof FindingValue.Quantity q) {
      Optional<BigDecimal> canonical = item.toCanonical(q.value(), q.unit());
      if (canonical.isEmpty()) {
        errors.add(
            new FieldError(
                at,
                label
                    + " cannot be given in "
                    + q.unit()
                    + "; use "
                    + item.units().stream().map(u -> u.ucum()).toList()));
        return Optional.empty();
      }
      if (!plausible(
          item, subject, canonical.get(), at, label, q.value() + " " + q.unit(), errors)) {
        return Optional.empty();
      }
      return Optional.of(
          new FindingValue.Quantity(canonical.get(), item.canonicalUnit().orElseThrow()));
    }
    if (value instanceof FindingValue.WholeNumber n
        && item.plausibleRange(subject).isPresent()
        && !plausible(
            item, subject, BigDecimal.valueOf(n.value()), at, label, "" + n.value(), errors)) {
      return Optional.empty();
    }
    if (value instanceof FindingValue.Coded c && item.answer(c.system(), c.code()).isEmpty()) {
      errors.add(new FieldError(at, c.code() + " is not an answer of " + label));
      return Optional.empty();
    }
    return Optional.of(value);
  }

  private static boolean plausible(
      CatalogItem item,
      Subject subject,
      BigDecimal canonical,
      String at,
      String label,
      String given,
      List<FieldError> errors) {
    PlausibleRange range = item.plausibleRange(subject).orElse(null);
    if (range != null && !range.contains(canonical)) {
      errors.add(
          new FieldError(
              at,
              label
                  + " of "
                  + given
                  + " is outside the plausible range "
                  + range.min().toPlainString()
                  + "–"
                  + range.max().toPlainString()
                  + item.canonicalUnit().map(u -> " " + u).orElse("")));
      return false;
    }
    return true;
  }

  private static String typeName(CatalogItem item) {
    return item.valueType() == ValueType.DATETIME
        ? "dateTime"
        : item.valueType().name().toLowerCase(java.util.Locale.ROOT);
  }

  // --- Contents ----------------------------------------------------------------------------

  /** The content of a vaccination that passed the rules, as it will be stored. */
  static ObjectNode content(IncomingVaccination vaccination, VaccinationRules.Checked checked) {
    return TransferContent.vaccinationContent(
        vaccination.draft().date(),
        checked.vaccine(),
        checked.kind() == null ? null : checked.kind().code(),
        checked.product(),
        checked.doseLabel(),
        checked.routine(),
        vaccination.draft().lotNumber(),
        vaccination.draft().performerCode(),
        vaccination.draft().performerName(),
        vaccination.draft().country(),
        vaccination.draft().note(),
        vaccination.retracted());
  }

  /** The content of a stored vaccination record. */
  static ObjectNode content(ImmunizationRecord record, String facilityCode, boolean retracted) {
    return TransferContent.vaccinationContent(
        record.occurrenceDate(),
        record.vaccine(),
        record.vaccineKind(),
        record.product(),
        record.doseLabel(),
        record.routine(),
        record.lotNumber(),
        facilityCode,
        record.performerName(),
        record.country(),
        record.note(),
        retracted);
  }

  /** The content of a stored checkup: its visit and its current findings about the child. */
  static ObjectNode content(Checkup checkup) {
    return TransferContent.checkupContent(
        checkup.kind(),
        checkup.encounterClass(),
        checkup.kindName(),
        checkup.visitDate(),
        new Facility(checkup.medicalInstitutionCode(), checkup.facilityName()),
        checkup.findings().stream().map(f -> new ContentFinding(f.itemCode(), f.value())).toList());
  }
}
