package app.sukoyaka.municipality.bulk;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What is checked once a row's child is known, with the same rules every other source meets: the
 * child is the one on record (birth date, sex), the visit or dose is not in the future nor before
 * the birth, the stated age is the one the dates give, and a dose passes {@link VaccinationRules}
 * (a vaccine given to children, a dose of its series, 定期接種 only where it is routine on that day for
 * that child, a product of the vaccine). A row that passes gets its natural key and the digest of
 * what it says. Pure.
 */
final class RowChecks {
  static final String AGE_ITEM = "age-at-checkup";

  private final ImportMapping.Layout layout;
  private final CheckupItemCatalog catalog;
  private final VaccineCatalog vaccines;
  private final VaccinationRules rules;

  RowChecks(ImportMapping.Layout layout, CheckupItemCatalog catalog, VaccineCatalog vaccines) {
    this.layout = layout;
    this.catalog = catalog;
    this.vaccines = vaccines;
    this.rules = new VaccinationRules(vaccines);
  }

  /**
   * A row ready to store.
   *
   * @param findings the checkup's findings with the age the dates give; empty for a dose
   * @param checked what the vaccination rules made of the dose; null for a checkup
   */
  record Checked(
      ImportRow row,
      ImportLookups.KnownChild child,
      String naturalKey,
      String contentSha256,
      List<ImportRow.ItemValue> findings,
      VaccinationRules.Checked checked,
      VaccinationDraft draft,
      ImportLookups.KnownPregnancy pregnancy) {

    /** Whom the record is about: the child, or for a 妊婦健診 the pregnancy. */
    java.util.UUID subjectId() {
      return pregnancy != null ? pregnancy.id() : child.id();
    }
  }

  /** A pregnancy lasts at most this long from its start (42 weeks, 294 days) … */
  private static final int LONGEST_PREGNANCY_DAYS = 294;

  /** … and its expected delivery date is 280 days after its start (Naegele). */
  private static final int TERM_DAYS = 280;

  /** Whether a visit on that day falls in the pregnancy (from its start to 42 weeks). */
  static boolean inPregnancy(ImportLookups.KnownPregnancy pregnancy, LocalDate visit) {
    LocalDate start = pregnancy.expectedDeliveryDate().minusDays(TERM_DAYS);
    return !visit.isBefore(start) && !visit.isAfter(start.plusDays(LONGEST_PREGNANCY_DAYS));
  }

  /**
   * A 妊婦健診 row against its pregnancy: the pregnant person is the one on record (birth date), the
   * visit is not in the future and lies within the pregnancy, and the gestational age is given (the
   * catalog's rules for each item were applied when the row was read, as at clinic intake).
   */
  Checked checkPrenatal(ImportRow row, ImportLookups.KnownPregnancy pregnancy, LocalDate today) {
    ImportRow.ChildKey key = row.child();
    ImportRow.Checkup checkup = row.checkup();
    if (key.birthDate() != null && !key.birthDate().equals(pregnancy.personBirthDate())) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  layout.column(ImportMapping.Field.BIRTH_DATE).orElse(null),
                  key.birthDate().toString(),
                  ErrorCode.IMPORT_PERSON_MISMATCH,
                  "番号の妊婦の生年月日（" + pregnancy.personBirthDate() + "）と違います",
                  "differs from the birth date of the pregnant person with this number ("
                      + pregnancy.personBirthDate()
                      + ")"));
    }
    ImportMapping.Column visitColumn = layout.column(ImportMapping.Field.VISIT_DATE).orElse(null);
    if (checkup.visitDate().isAfter(today) || !inPregnancy(pregnancy, checkup.visitDate())) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  visitColumn,
                  checkup.visitDate().toString(),
                  ErrorCode.IMPORT_DATE_OUT_OF_RANGE,
                  checkup.visitDate().isAfter(today)
                      ? "受診日が今日より後です"
                      : "受診日がこの妊娠（分娩予定日 " + pregnancy.expectedDeliveryDate() + "）の期間にありません",
                  checkup.visitDate().isAfter(today)
                      ? "the visit is after today"
                      : "the visit is not within this pregnancy (expected delivery "
                          + pregnancy.expectedDeliveryDate()
                          + ")"));
    }
    if (checkup.items().stream()
        .noneMatch(i -> i.item().code().equals(ImportMappings.GESTATIONAL_AGE))) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  layout.itemColumns().stream()
                      .filter(c -> c.item().equals(ImportMappings.GESTATIONAL_AGE))
                      .findFirst()
                      .orElse(null),
                  null,
                  ErrorCode.IMPORT_VALUE_MISSING,
                  "妊娠週数は必須です（受診が妊娠のどこにあたるかを記録します）",
                  "the gestational age is required (where in the pregnancy the visit is)"));
    }
    if (!row.valid()) {
      return null;
    }
    StringBuilder content = new StringBuilder();
    content
        .append("kind=prenatal|visit=")
        .append(checkup.visitDate())
        .append("|facility=")
        .append(checkup.facilityCode())
        .append("|performer=")
        .append(checkup.performerName());
    checkup.items().stream()
        .map(f -> f.item().code() + "=" + describe(f.value()))
        .sorted()
        .forEach(f -> content.append('|').append(f));
    return new Checked(
        row,
        null,
        ImportLookups.prenatalKey(pregnancy.id(), checkup.visitDate()),
        sha256(content.toString()),
        checkup.items(),
        null,
        null,
        pregnancy);
  }

  ImportMapping.Layout layout() {
    return layout;
  }

  /** The row against its child; null (with the row's errors added) when it fails. */
  Checked check(ImportRow row, ImportLookups.KnownChild child, LocalDate today) {
    ImportRow.ChildKey key = row.child();
    if (key.birthDate() != null && !key.birthDate().equals(child.birthDate())) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  layout.column(ImportMapping.Field.BIRTH_DATE).orElse(null),
                  key.birthDate().toString(),
                  ErrorCode.IMPORT_CHILD_MISMATCH,
                  "番号の子どもの生年月日（" + child.birthDate() + "）と違います",
                  "differs from the birth date of the child with this number ("
                      + child.birthDate()
                      + ")"));
    }
    if (key.sex() != null
        && (child.sex().equals("male") || child.sex().equals("female"))
        && !key.sex().equals(child.sex())) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  layout.column(ImportMapping.Field.SEX).orElse(null),
                  key.sex(),
                  ErrorCode.IMPORT_CHILD_MISMATCH,
                  "番号の子どもの性別と違います",
                  "differs from the sex of the child with this number"));
    }
    ImportRow.Identity identity = key.identity();
    if (identity != null
        && child.identity() == null
        && ((identity.familyName() != null
                && (!sameName(identity.familyName(), child.familyName())
                    || !sameName(identity.givenName(), child.givenName())))
            || (identity.familyNameKana() != null
                && child.familyNameKana() != null
                && (!sameName(identity.familyNameKana(), child.familyNameKana())
                    || !sameName(identity.givenNameKana(), child.givenNameKana()))))) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  layout.column(ImportMapping.Field.FULL_NAME).orElse(null),
                  identity.familyName() + " " + identity.givenName(),
                  ErrorCode.IMPORT_CHILD_MISMATCH,
                  "番号の子どもの氏名（" + child.familyName() + " " + child.givenName() + "）と違います",
                  "differs from the name of the child with this number"));
    }
    if (!row.valid()) {
      return null;
    }
    return row.checkup() != null ? checkup(row, child, today) : vaccination(row, child, today);
  }

  /** Whether two names are the same, written in full or half width, with or without spaces. */
  static boolean sameName(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    return normalName(a).equals(normalName(b));
  }

  private static String normalName(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC)
        .replaceAll("\\s+", "");
  }

  private Checked checkup(ImportRow row, ImportLookups.KnownChild child, LocalDate today) {
    ImportRow.Checkup checkup = row.checkup();
    ImportMapping.Column visitColumn = layout.column(ImportMapping.Field.VISIT_DATE).orElseThrow();
    if (checkup.visitDate().isAfter(today) || checkup.visitDate().isBefore(child.birthDate())) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  visitColumn,
                  checkup.visitDate().toString(),
                  ErrorCode.IMPORT_DATE_OUT_OF_RANGE,
                  checkup.visitDate().isAfter(today)
                      ? "受診日が今日より後です"
                      : "受診日が生年月日（" + child.birthDate() + "）より前です",
                  checkup.visitDate().isAfter(today)
                      ? "the visit is after today"
                      : "the visit is before the birth (" + child.birthDate() + ")"));
      return null;
    }
    if (checkup.age() != null && !checkup.age().fits(child.birthDate(), checkup.visitDate())) {
      ImportMapping.Column ageColumn =
          layout
              .column(ImportMapping.Field.AGE_TEXT)
              .or(() -> layout.column(ImportMapping.Field.AGE_MONTHS))
              .orElse(null);
      long days = ChronoUnit.DAYS.between(child.birthDate(), checkup.visitDate());
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  ageColumn,
                  checkup.ageText(),
                  ErrorCode.IMPORT_AGE_MISMATCH,
                  "生年月日と受診日から計算した年齢（生後" + days + "日）と合いません",
                  "the birth and visit dates give another age (" + days + " days old)"));
      return null;
    }
    List<ImportRow.ItemValue> findings = new ArrayList<>(checkup.items());
    CatalogItem age = catalog.byCode(AGE_ITEM).orElseThrow();
    if (age.checkups().contains(checkup.kind())) {
      // 健診受診時月齢 is one of the items to digitise; the dates give it exactly, so it is recorded
      // whether or not the file states it.
      BigDecimal days =
          BigDecimal.valueOf(ChronoUnit.DAYS.between(child.birthDate(), checkup.visitDate()));
      if (age.isPlausibleFor(Subject.CHILD, days)) {
        findings.add(
            new ImportRow.ItemValue(
                null, age, checkup.ageText(), new FindingValue.Quantity(days, "d")));
      }
    }
    StringBuilder content = new StringBuilder();
    content
        .append("kind=")
        .append(checkup.kind())
        .append("|name=")
        .append(checkup.kindName())
        .append("|visit=")
        .append(checkup.visitDate())
        .append("|facility=")
        .append(checkup.facilityCode())
        .append("|performer=")
        .append(checkup.performerName());
    findings.stream()
        .map(f -> f.item().code() + "=" + describe(f.value()))
        .sorted()
        .forEach(f -> content.append('|').append(f));
    return new Checked(
        row,
        child,
        ImportLookups.checkupKey(
            child.id(), checkup.kind(), checkup.kindName(), checkup.visitDate()),
        sha256(content.toString()),
        List.copyOf(findings),
        null,
        null,
        null);
  }

  private Checked vaccination(ImportRow row, ImportLookups.KnownChild child, LocalDate today) {
    ImportRow.Vaccination dose = row.vaccination();
    String display = vaccines.kind(dose.vaccineKind()).map(k -> k.label().ja()).orElse(null);
    VaccinationDraft draft =
        new VaccinationDraft(
            List.of(
                new ImmunizationRecord.Coding(
                    SukoyakaCanonicals.VACCINE_KIND_SYSTEM, dose.vaccineKind(), display)),
            dose.date(),
            dose.product(),
            dose.doseLabel(),
            null,
            dose.routine(),
            dose.lot(),
            dose.performerName(),
            null,
            null,
            null);
    VaccinationRules.Checked checked;
    try {
      checked =
          rules.check(
              draft,
              new VaccinationRules.Person(Subject.CHILD, child.birthDate(), child.sex()),
              today,
              true);
    } catch (ImmunizationEntryException e) {
      row.errors()
          .add(
              RowError.of(
                  row.row(),
                  columnOf(e.field()),
                  valueOf(e.field(), dose),
                  e.errorCode(),
                  japanese(e.errorCode()),
                  e.getMessage()));
      return null;
    }
    String content =
        "vaccine="
            + dose.vaccineKind()
            + "|product="
            + checked.product()
            + "|dose="
            + checked.doseLabel()
            + "|date="
            + dose.date()
            + "|lot="
            + dose.lot()
            + "|routine="
            + checked.routine()
            + "|facility="
            + dose.facilityCode()
            + "|performer="
            + dose.performerName();
    return new Checked(
        row,
        child,
        ImportLookups.doseKey(child.id(), dose.vaccineKind(), dose.date()),
        sha256(content),
        List.of(),
        checked,
        draft,
        null);
  }

  /** The column a vaccination rule's member is read from. */
  private ImportMapping.Column columnOf(String field) {
    if (field == null) {
      return null;
    }
    ImportMapping.Field mapped =
        switch (field) {
          case "date" -> ImportMapping.Field.DATE;
          case "dose" -> ImportMapping.Field.DOSE;
          case "routine" -> ImportMapping.Field.ROUTINE;
          default -> ImportMapping.Field.VACCINE;
        };
    return layout.column(mapped).orElse(null);
  }

  private static String valueOf(String field, ImportRow.Vaccination dose) {
    if (field == null) {
      return null;
    }
    return switch (field) {
      case "date" -> dose.date().toString();
      case "dose" -> dose.doseLabel();
      case "routine" -> dose.routine() ? "定期" : "任意";
      case "product" -> dose.product();
      default -> dose.vaccineKind();
    };
  }

  /** The vaccination rules explain themselves in English; staff read this beside it. */
  static String japanese(ErrorCode code) {
    return switch (code) {
      case IMMUNIZATION_DATE_IN_FUTURE -> "接種日が今日より後です";
      case IMMUNIZATION_DATE_BEFORE_BIRTH -> "接種日が生年月日より前です";
      case IMMUNIZATION_VACCINE_NOT_IDENTIFIED -> "ワクチンを特定できません";
      case IMMUNIZATION_NOT_FOR_THIS_PERSON -> "子どもに接種するワクチンではありません";
      case IMMUNIZATION_NOT_ROUTINE -> "この接種日・年齢では定期接種の対象ではありません（任意接種であれば区分を任意にしてください）";
      case IMMUNIZATION_DOSE_NOT_IN_SERIES -> "このワクチンの接種回ではありません";
      case IMMUNIZATION_UNKNOWN_PRODUCT -> "このワクチンの製品ではありません";
      default -> "予防接種の記録の規則に合いません";
    };
  }

  private static String describe(FindingValue value) {
    if (value instanceof FindingValue.Quantity q) {
      return q.value().stripTrailingZeros().toPlainString() + q.unit();
    }
    if (value instanceof FindingValue.Coded c) {
      return c.code();
    }
    if (value instanceof FindingValue.Flag f) {
      return Boolean.toString(f.value());
    }
    if (value instanceof FindingValue.Text t) {
      return t.value();
    }
    if (value instanceof FindingValue.Day d) {
      return d.value().toString();
    }
    if (value instanceof FindingValue.WholeNumber n) {
      return Integer.toString(n.value());
    }
    return String.valueOf(value);
  }

  static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
