package app.sukoyaka.immunization;

import app.sukoyaka.platform.i18n.ServerTexts;
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
  /** Record sources, states and explanations as parents read them (server-texts.json). */
  private static final ServerTexts TEXTS = ServerTexts.get();

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
        text(TEXTS.text(record.routine() ? "record.routine" : "record.voluntary")),
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
      return text(TEXTS.text("record.unmapped"));
    }
    return null;
  }

  private static ImmunizationRecordBodies.Labelled source(ImmunizationRecord.Source source) {
    // Codes as the record stores them (my_portal): the text keys use dashes.
    ImmunizationRecordBodies.Text label =
        text(TEXTS.text("record.source." + source.code().replace('_', '-')));
    return new ImmunizationRecordBodies.Labelled(source.code(), label);
  }

  private static ImmunizationRecordBodies.Verification verification(StoredImmunization stored) {
    ImmunizationRecord record = stored.record();
    ImmunizationRecordBodies.Text label =
        text(TEXTS.text("record." + record.verification().code()));
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

  private static ImmunizationRecordBodies.Text text(ServerTexts.Text text) {
    return new ImmunizationRecordBodies.Text(text.ja(), text.en());
  }
}
