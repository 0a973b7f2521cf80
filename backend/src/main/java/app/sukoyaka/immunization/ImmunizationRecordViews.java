package app.sukoyaka.immunization;

import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineCodeAbroad;
import app.sukoyaka.profiles.VaccineKind;
import app.sukoyaka.profiles.VaccineSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stored records as the app shows them, names and explanations from the catalog. Pure. */
final class ImmunizationRecordViews {
  private static final ImmunizationRecordBodies.Text UNMAPPED =
      new ImmunizationRecordBodies.Text(
          "このワクチンは日本の定期接種のどれにも当てはめられないため、接種の予定の計算には数えていません。記録はそのまま残ります。",
          "This vaccine could not be matched to Japan's routine schedule, so it is not counted"
              + " when the next doses are worked out. The record is kept as it is.");

  private final VaccineCatalog catalog;

  ImmunizationRecordViews(VaccineCatalog catalog) {
    this.catalog = catalog;
  }

  List<ImmunizationRecordBodies.RecordBody> bodies(ImmunizationRecords.Records records) {
    List<ImmunizationRecordBodies.RecordBody> bodies = new ArrayList<>();
    for (StoredImmunization stored : records.records()) {
      bodies.add(body(stored, records.facilities()));
    }
    return bodies;
  }

  ImmunizationRecordBodies.RecordBody body(
      StoredImmunization stored, Map<UUID, Facility> facilities) {
    ImmunizationRecord record = stored.record();
    Optional<VaccineKind> kind =
        record.vaccineKind() == null ? Optional.empty() : catalog.kind(record.vaccineKind());
    Optional<VaccineCodeAbroad> abroad =
        catalog.abroad(record.vaccine().system(), record.vaccine().code(), record.occurrenceDate());
    String display =
        record.vaccine().display() != null
            ? record.vaccine().display()
            : abroad.map(VaccineCodeAbroad::display).orElse(record.vaccine().code());
    ImmunizationRecordBodies.Text name =
        kind.map(k -> text(k.label())).orElse(new ImmunizationRecordBodies.Text(display, display));
    ImmunizationRecordBodies.Product product = null;
    if (record.product() != null) {
      product =
          catalog
              .kindOfProduct(record.product())
              .flatMap(k -> k.product(record.product()))
              .map(p -> new ImmunizationRecordBodies.Product(p.code(), text(p.label())))
              .orElse(
                  new ImmunizationRecordBodies.Product(
                      record.product(),
                      new ImmunizationRecordBodies.Text(record.product(), record.product())));
    }
    List<ImmunizationRecordBodies.Credit> credits = new ArrayList<>();
    for (ImmunizationRecord.Credit credit : record.credits()) {
      LocalizedText seriesName =
          catalog
              .series(credit.vaccine())
              .map(VaccineSeries::label)
              .orElse(new LocalizedText(credit.vaccine(), credit.vaccine()));
      credits.add(
          new ImmunizationRecordBodies.Credit(
              credit.vaccine(), text(seriesName), credit.doseLabel()));
    }
    ImmunizationRecordBodies.Performer performer = null;
    Facility facility = record.facilityId() == null ? null : facilities.get(record.facilityId());
    if (facility != null || record.performerName() != null) {
      performer =
          new ImmunizationRecordBodies.Performer(
              record.performerName() != null
                  ? record.performerName()
                  : facility == null ? null : facility.name(),
              facility == null ? null : facility.medicalInstitutionCode());
    }
    return new ImmunizationRecordBodies.RecordBody(
        record.id(),
        record.occurrenceDate(),
        new ImmunizationRecordBodies.Coding(
            record.vaccine().system(), record.vaccine().code(), record.vaccine().display()),
        record.vaccineKind(),
        name,
        product,
        record.doseLabel(),
        record.lotNumber(),
        record.routine(),
        record.routine()
            ? new ImmunizationRecordBodies.Text("定期接種", "Routine vaccination")
            : new ImmunizationRecordBodies.Text("任意接種", "Voluntary vaccination"),
        source(record.source()),
        verification(stored),
        credits,
        record.country(),
        performer,
        record.note(),
        explanation(record, kind, abroad),
        record.recordedAt(),
        record.recordedByRole());
  }

  private static ImmunizationRecordBodies.Text explanation(
      ImmunizationRecord record, Optional<VaccineKind> kind, Optional<VaccineCodeAbroad> abroad) {
    if (abroad.isPresent() && abroad.get().note() != null) {
      return text(abroad.get().note());
    }
    if (kind.isPresent()) {
      return kind.get().note() == null ? null : text(kind.get().note());
    }
    if (abroad.isEmpty() && record.credits().isEmpty()) {
      return UNMAPPED;
    }
    return null;
  }

  private static ImmunizationRecordBodies.Labelled source(ImmunizationRecord.Source source) {
    ImmunizationRecordBodies.Text label =
        switch (source) {
          case CLINIC -> new ImmunizationRecordBodies.Text("医療機関", "Clinic");
          case MUNICIPAL -> new ImmunizationRecordBodies.Text("市区町村", "Municipality");
          case PARENT -> new ImmunizationRecordBodies.Text("保護者の入力", "Entered by a parent");
          case TRANSFER -> new ImmunizationRecordBodies.Text("転入前の市区町村", "Previous municipality");
          case MY_PORTAL -> new ImmunizationRecordBodies.Text("マイナポータル", "My Portal");
          case ABROAD -> new ImmunizationRecordBodies.Text("海外での接種", "Given abroad");
        };
    return new ImmunizationRecordBodies.Labelled(source.code(), label);
  }

  private static ImmunizationRecordBodies.Verification verification(StoredImmunization stored) {
    ImmunizationRecord record = stored.record();
    ImmunizationRecordBodies.Text label =
        switch (record.verification()) {
          case VERIFIED -> new ImmunizationRecordBodies.Text("確認済み", "Verified");
          case UNVERIFIED ->
              new ImmunizationRecordBodies.Text(
                  "未確認（保健センターまたは接種した医療機関の確認待ち）",
                  "Not yet verified by the health centre or the clinic that gave the dose");
          case REJECTED -> new ImmunizationRecordBodies.Text("確認できませんでした", "Could not be verified");
        };
    String decidedBy = record.verifiedBy();
    if (decidedBy != null && decidedBy.contains(":")) {
      // The actor id is role:subject; the family sees who decided, not the account.
      decidedBy = decidedBy.substring(0, decidedBy.indexOf(':'));
    }
    return new ImmunizationRecordBodies.Verification(
        record.verification().code(),
        label,
        decidedBy,
        record.verifiedAt(),
        stored.verificationReason());
  }

  static ImmunizationRecordBodies.Text text(LocalizedText text) {
    return new ImmunizationRecordBodies.Text(text.ja(), text.en());
  }
}
