package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.MunicipalStaff;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.municipality.transfer.CorrectionStore.ContactRow;
import app.sukoyaka.municipality.transfer.CorrectionStore.CorrectionRow;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingFinding;
import app.sukoyaka.municipality.transfer.TransferChecks.CheckedFinding;
import app.sukoyaka.municipality.transfer.TransferStore.OutRow;
import app.sukoyaka.municipality.transfer.TransferStore.ProvenanceRow;
import app.sukoyaka.municipality.transfer.TransferStore.TransferRow;
import app.sukoyaka.notice.GuardianNotices;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Staff correct (or withdraw) a child's vaccination or checkup record, as seed 000 asks of a
 * municipality that finds an error: the record is corrected with its replaced version kept; every
 * municipality it was sent to is listed to be told (with the Bundle of the corrected records to
 * send them), and so is the municipality that first registered it when it was taken over from there
 * (to correct its own); the guardians are told through a notice, so that nobody is vaccinated from
 * a wrong record. All in one transaction.
 */
@Singleton
public class Corrections {
  static final String PURPOSE = "record-correction";
  private static final List<String> STATUS_ORDER = List.of("open", "contacted", "done");

  private final TransfersOut transfersOut;
  private final TransferFormat format;
  private final TransferStore transfers;
  private final CorrectionStore store;
  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final ImmunizationRecords records;
  private final VaccinationRules rules;
  private final TransferChecks checks;
  private final CheckupItemCatalog catalog;
  private final VaccineCatalog vaccines;
  private final GuardianNotices notices;
  private final CorrectionNotices texts = CorrectionNotices.load();
  private final MunicipalStaff staff;
  private final MunicipalityRepository municipalities;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  Corrections(
      TransfersOut transfersOut,
      TransferFormat format,
      TransferStore transfers,
      CorrectionStore store,
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      ImmunizationRecords records,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      GuardianNotices notices,
      MunicipalStaff staff,
      MunicipalityRepository municipalities,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.transfersOut = transfersOut;
    this.format = format;
    this.transfers = transfers;
    this.store = store;
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.records = records;
    this.rules = new VaccinationRules(vaccines);
    this.checks = new TransferChecks(catalog, rules);
    this.catalog = catalog;
    this.vaccines = vaccines;
    this.notices = notices;
    this.staff = staff;
    this.municipalities = municipalities;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** A correction made, whom to tell, and the notice the guardians got. */
  public record Done(
      CorrectionRow correction, List<ContactRow> contacts, GuardianNotices.Sent notice) {}

  /** What the request asks, read and checked before anything is written. */
  private record Asked(
      String type,
      UUID recordId,
      boolean retract,
      Integer version,
      String reason,
      boolean notifyGuardians) {}

  /**
   * Corrects or withdraws a record.
   *
   * @param body {@code record} ({@code type} immunization or observation, {@code id}), {@code
   *     action} (correct or retract), {@code version} (optional, the version corrected), {@code
   *     immunization} (a vaccination's members, for a corrected vaccination), {@code findings} (for
   *     a corrected checkup observation), {@code reason}, {@code notifyGuardians}
   */
  public Done correct(Principal principal, String municipalityCode, JsonNode body) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, "correct-record", PURPOSE);
    Asked asked = asked(body);
    if (asked.type().equals("immunization")) {
      return correctImmunization(principal, municipality, asked, body);
    }
    return correctObservation(principal, municipality, asked, body);
  }

  private static Asked asked(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    String type = TransferContent.text(body.path("record").path("type"));
    if (!"immunization".equals(type) && !"observation".equals(type)) {
      errors.add(new FieldError("record/type", "immunization or observation"));
    }
    UUID id = null;
    try {
      id = UUID.fromString(body.path("record").path("id").asText());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("record/id", "the record's id"));
    }
    String action = TransferContent.text(body.path("action"));
    if (!"correct".equals(action) && !"retract".equals(action)) {
      errors.add(new FieldError("action", "correct or retract"));
    }
    Integer version = null;
    if (!body.path("version").isMissingNode() && !body.path("version").isNull()) {
      if (!body.path("version").canConvertToInt() || body.path("version").asInt() < 1) {
        errors.add(new FieldError("version", "the version the correction was made from"));
      } else {
        version = body.path("version").asInt();
      }
    }
    String reason = TransferContent.text(body.path("reason"));
    if (reason == null || reason.length() > 1000) {
      errors.add(new FieldError("reason", "why, in up to 1000 characters"));
    }
    JsonNode notify = body.path("notifyGuardians");
    if (!notify.isMissingNode() && !notify.isNull() && !notify.isBoolean()) {
      errors.add(new FieldError("notifyGuardians", "true or false"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY, errors.get(0).field() + ": " + errors.get(0).message(), errors);
    }
    return new Asked(
        type,
        id,
        action.equals("retract"),
        version,
        reason,
        !notify.isBoolean() || notify.asBoolean());
  }

  private Done correctImmunization(
      Principal principal, MunicipalityRow municipality, Asked asked, JsonNode body) {
    StoredImmunization stored =
        immunizations
            .find(asked.recordId())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.NOT_FOUND, "No vaccination record with this id."));
    ImmunizationRecord record = stored.record();
    if (record.childId() == null) {
      throw invalid("record", "Corrections here are of a child's records; this is a pregnancy's.");
    }
    Child child = families.child(record.childId()).orElseThrow();
    ProtectedSubject subject = records.subjectOf(child);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "correct-record", PURPOSE);
    if (stored.retracted()) {
      throw new ProblemException(ErrorCode.GONE, "This vaccination record was withdrawn already.");
    }
    requireVersion(asked, stored.version());
    ObjectNode before = TransferChecks.content(record, facilityCode(record.facilityId()), false);
    Instant now = clock.instant();
    ImmunizationRecord corrected = null;
    if (!asked.retract()) {
      List<FieldError> errors = new ArrayList<>();
      Optional<VaccinationDraft> draft =
          TransferContent.vaccination(body.path("immunization"), "immunization", vaccines, errors);
      if (draft.isEmpty()) {
        throw new ProblemException(
            ErrorCode.INVALID_BODY,
            errors.isEmpty()
                ? "immunization: the corrected record"
                : errors.get(0).field() + ": " + errors.get(0).message(),
            errors.isEmpty() ? List.of(new FieldError("immunization", "required")) : errors);
      }
      VaccinationRules.Checked checked =
          rules.check(
              draft.get(),
              new VaccinationRules.Person(Subject.CHILD, child.birthDate(), child.sex()),
              LocalDate.now(clock),
              false);
      corrected = correctedRecord(record, draft.get(), checked, now);
      ObjectNode after = TransferChecks.content(corrected, draft.get().performerCode(), false);
      if (TransferContent.digest(after).equals(TransferContent.digest(before))) {
        throw invalid("immunization", "The correction changes nothing of the record.");
      }
    }
    ImmunizationRecord change = corrected;
    LocalizedText what =
        record.vaccineKind() != null
            ? vaccines.kind(record.vaccineKind()).map(k -> k.label()).orElse(label(record))
            : label(record);
    return transactions.executeWrite(
        status -> {
          boolean applied =
              change == null
                  ? immunizations.retract(record.id(), principal.actorId(), now)
                  : immunizations.correct(change, stored.version(), principal.actorId(), now);
          if (!applied) {
            throw new ProblemException(
                ErrorCode.CORRECTION_VERSION_CONFLICT,
                "The record changed while it was being corrected; read it again.");
          }
          StoredImmunization after = immunizations.find(record.id()).orElseThrow();
          return finish(
              principal,
              municipality,
              child,
              subject,
              asked,
              record.id(),
              null,
              stored.version(),
              after.version(),
              before,
              change == null
                  ? null
                  : TransferChecks.content(
                      after.record(), facilityCode(after.record().facilityId()), false),
              Set.of(record.id()),
              Set.of(),
              change == null ? "immunization-retract" : "immunization-correct",
              what,
              record.occurrenceDate(),
              now);
        });
  }

  private static LocalizedText label(ImmunizationRecord record) {
    String text =
        record.vaccine().display() != null ? record.vaccine().display() : record.vaccine().code();
    return new LocalizedText(text, text);
  }

  private ImmunizationRecord correctedRecord(
      ImmunizationRecord record,
      VaccinationDraft draft,
      VaccinationRules.Checked checked,
      Instant now) {
    UUID facilityId =
        draft.performerCode() == null
            ? null
            : immunizations
                .facilityByCode(draft.performerCode())
                .map(f -> f.id())
                .orElseThrow(
                    () ->
                        invalid(
                            "immunization/performer/medicalInstitutionCode",
                            "No registered facility has the 医療機関コード "
                                + draft.performerCode()
                                + "; name it instead."));
    return new ImmunizationRecord(
        record.id(),
        record.municipalityId(),
        record.childId(),
        record.pregnancyId(),
        draft.date(),
        checked.vaccine(),
        checked.kind() == null ? null : checked.kind().code(),
        checked.product(),
        draft.lotNumber(),
        checked.doseLabel(),
        checked.routine(),
        record.source(),
        record.verification(),
        record.verifiedBy(),
        record.verifiedAt(),
        draft.country(),
        facilityId,
        draft.performerName(),
        draft.note(),
        record.version(),
        record.submissionId(),
        record.recordedByRole(),
        record.recordedBy(),
        record.recordedAt(),
        now,
        checked.credits());
  }

  private Done correctObservation(
      Principal principal, MunicipalityRow municipality, Asked asked, JsonNode body) {
    UUID observationId = asked.recordId();
    if (checkups.isRetracted(observationId)) {
      throw new ProblemException(ErrorCode.GONE, "This observation was withdrawn already.");
    }
    Checkup checkup =
        checkups
            .checkupOfObservation(observationId)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No observation with this id."));
    List<Checkup.Finding> current =
        checkup.findings().stream()
            .filter(f -> f.observationId().equals(observationId) && f.isObservation())
            .toList();
    if (current.isEmpty()) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No observation with this id.");
    }
    UUID childId = checkup.childId() != null ? checkup.childId() : current.get(0).childId();
    if (childId == null) {
      throw invalid("record", "Corrections here are of a child's records; this is the mother's.");
    }
    Child child = families.child(childId).orElseThrow();
    ProtectedSubject subject = records.subjectOf(child);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "correct-record", PURPOSE);
    int version = current.get(0).version();
    requireVersion(asked, version);
    List<NewCheckup.NewFinding> replacement = List.of();
    if (!asked.retract()) {
      List<FieldError> errors = new ArrayList<>();
      List<IncomingFinding> incoming = new ArrayList<>();
      int index = 0;
      for (JsonNode node : TransferContent.iterable(body.path("findings"))) {
        TransferContent.finding(
                node, "findings/" + index++, catalog, observationId.toString(), errors)
            .ifPresent(incoming::add);
      }
      List<CheckedFinding> checked = checks.findings(checkup.kind(), incoming, errors);
      Set<String> items = new LinkedHashSet<>();
      current.forEach(f -> items.add(f.itemCode()));
      Set<String> given = new LinkedHashSet<>();
      checked.forEach(f -> given.add(f.itemCode()));
      if (errors.isEmpty() && !given.equals(items)) {
        errors.add(new FieldError("findings", "the corrected values of exactly " + items));
      }
      if (!errors.isEmpty()) {
        throw new ProblemException(
            ErrorCode.CORRECTION_INVALID,
            errors.get(0).field() + ": " + errors.get(0).message(),
            errors);
      }
      List<NewCheckup.NewFinding> findings = new ArrayList<>();
      boolean same = true;
      for (CheckedFinding finding : checked) {
        Checkup.Finding was =
            current.stream()
                .filter(f -> f.itemCode().equals(finding.itemCode()))
                .findFirst()
                .orElseThrow();
        if (!TransferContent.findingNode(was.itemCode(), was.value())
            .equals(TransferContent.findingNode(finding.itemCode(), finding.value()))) {
          same = false;
        }
        NewCheckup.NewFinding stored =
            new NewCheckup.NewFinding(
                Ids.newId(),
                observationId,
                finding.itemCode(),
                finding.value(),
                finding.sourceSystem(),
                finding.sourceCode());
        findings.add(was.childId() == null ? stored : stored.about(was.childId()));
      }
      if (same) {
        throw invalid("findings", "The correction changes nothing of the observation.");
      }
      replacement = findings;
    }
    Checkup about = childCheckup(checkup, childId);
    ObjectNode before = TransferChecks.content(about);
    Instant now = clock.instant();
    List<NewCheckup.NewFinding> change = replacement;
    LocalizedText what = catalog.kindLabel(checkup.kind());
    return transactions.executeWrite(
        status -> {
          int after =
              checkups.correct(
                  observationId,
                  change,
                  asked.retract() ? "entered-in-error" : "corrected",
                  principal.actorId(),
                  now);
          Checkup reread = childCheckup(checkups.checkup(checkup.id()).orElseThrow(), childId);
          return finish(
              principal,
              municipality,
              child,
              subject,
              asked,
              observationId,
              checkup.id(),
              version,
              after,
              before,
              TransferChecks.content(reread),
              Set.of(),
              Set.of(checkup.id()),
              asked.retract() ? "observation-retract" : "observation-correct",
              what,
              checkup.visitDate(),
              now);
        });
  }

  /** The checkup with the findings about the child (a delivery holds the mother's too). */
  private static Checkup childCheckup(Checkup checkup, UUID childId) {
    if (childId.equals(checkup.childId())) {
      return checkup;
    }
    return checkup.withFindings(
        checkup.findings().stream().filter(f -> childId.equals(f.childId())).toList());
  }

  /** Records the correction, lists whom to tell and tells the guardians. */
  private Done finish(
      Principal principal,
      MunicipalityRow municipality,
      Child child,
      ProtectedSubject subject,
      Asked asked,
      UUID recordId,
      UUID encounterId,
      int versionBefore,
      int versionAfter,
      ObjectNode before,
      ObjectNode after,
      Set<UUID> immunizationIds,
      Set<UUID> checkupIds,
      String noticeKey,
      LocalizedText what,
      LocalDate date,
      Instant now) {
    UUID id = Ids.newId();
    TransferFormat.Document document =
        format.write(
            transfersOut.outgoing(
                id,
                HandbookPackage.Kind.CORRECTION,
                child,
                municipality,
                immunizationIds,
                checkupIds));
    GuardianNotices.Sent sent = null;
    if (asked.notifyGuardians()) {
      CorrectionNotices.Texts notice = texts.notice(noticeKey, what, date);
      sent =
          notices
              .sendToGuardians(
                  municipality.id(), child.id(), notice.title(), notice.body(), principal.subject())
              .orElse(null);
    }
    CorrectionRow correction =
        new CorrectionRow(
            id,
            municipality.id(),
            child.id(),
            asked.type(),
            recordId,
            encounterId,
            asked.retract() ? "retract" : "correct",
            versionBefore,
            versionAfter,
            before.toString(),
            asked.retract() ? null : after.toString(),
            asked.reason(),
            sent == null ? null : sent.noticeId(),
            principal.actorId(),
            now);
    store.insertCorrection(correction, document.json());
    Set<UUID> ids = new LinkedHashSet<>();
    ids.add(recordId);
    if (encounterId != null) {
      ids.add(encounterId);
    }
    Set<String> told = new HashSet<>();
    for (TransferStore.Recipient recipient : transfers.recipientsOf(ids)) {
      if (!recipient.code().equals(municipality.code()) && told.add("sent|" + recipient.code())) {
        store.insertContact(contact(correction, recipient.code(), recipient.name(), "sent", now));
      }
    }
    Optional<ProvenanceRow> origin =
        transfers.provenanceOfLocal(encounterId != null ? encounterId : recordId);
    if (origin.isPresent()
        && !origin.get().origin().municipalityCode().equals(municipality.code())) {
      String code = origin.get().origin().municipalityCode();
      store.insertContact(contact(correction, code, nameOf(child.id(), code), "origin", now));
    }
    accessLog.write(principal, subject, "correct-record", PURPOSE);
    return new Done(correction, store.contactsOf(id), sent);
  }

  private static ContactRow contact(
      CorrectionRow correction, String code, String name, String reason, Instant now) {
    return new ContactRow(
        Ids.newId(),
        correction.id(),
        correction.municipalityId(),
        code,
        name,
        reason,
        "open",
        null,
        null,
        null,
        null,
        now);
  }

  /** A municipality's name: as the child's transfer from it named it, or as registered here. */
  private String nameOf(UUID childId, String code) {
    for (TransferRow transfer : transfers.transfersOfChild(childId)) {
      if (transfer.fromCode().equals(code)) {
        return transfer.fromName();
      }
    }
    return municipalities.findByCode(code).map(MunicipalityRow::nameJa).orElse(code);
  }

  private String facilityCode(UUID facilityId) {
    return facilityId == null ? null : transfers.facilityCodes(List.of(facilityId)).get(facilityId);
  }

  private static void requireVersion(Asked asked, int current) {
    if (asked.version() != null && asked.version() != current) {
      throw new ProblemException(
          ErrorCode.CORRECTION_VERSION_CONFLICT,
          "The record is at version " + current + ", not " + asked.version() + "; read it again.");
    }
  }

  private static ProblemException invalid(String field, String detail) {
    return new ProblemException(
        ErrorCode.CORRECTION_INVALID, detail, List.of(new FieldError(field, detail)));
  }

  // --- Whom to tell ------------------------------------------------------------------------

  /**
   * Follows up a contact: contacted (the corrected records were sent, or the municipality was asked
   * to correct its own) and done. The first step records the sending of the correction's Bundle to
   * that municipality, as any sending is.
   */
  public ContactRow updateContact(
      Principal principal, String municipalityCode, UUID contactId, String status, String note) {
    MunicipalityRow municipality =
        staff.require(
            principal,
            municipalityCode,
            AccessPolicy.Action.WRITE,
            "update-correction-contact",
            PURPOSE);
    if (!"contacted".equals(status) && !"done".equals(status)) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "status: contacted or done.",
          List.of(new FieldError("status", "contacted or done")));
    }
    if (note != null && note.length() > 1000) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "note: at most 1000 characters.",
          List.of(new FieldError("note", "at most 1000 characters")));
    }
    ContactRow found =
        store
            .contact(contactId, false)
            .filter(c -> c.municipalityId().equals(municipality.id()))
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such contact."));
    CorrectionRow correction = store.correction(found.correctionId()).orElseThrow();
    Child child = families.child(correction.childId()).orElseThrow();
    ProtectedSubject subject = records.subjectOf(child);
    guard.require(
        principal, AccessPolicy.Action.WRITE, subject, "update-correction-contact", PURPOSE);
    Instant now = clock.instant();
    return transactions.executeWrite(
        status2 -> {
          ContactRow contact = store.contact(contactId, true).orElseThrow();
          if (STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(contact.status())) {
            throw new ProblemException(
                ErrorCode.CORRECTION_CONTACT_STATUS,
                "This contact is " + contact.status() + "; its status only moves forward.");
          }
          UUID outId = null;
          if (contact.transferOutId() == null) {
            outId = Ids.newId();
            String bundle = store.bundle(correction.id());
            List<TransferFormat.SentRecord> sent = new ArrayList<>();
            if (correction.recordType().equals("immunization")) {
              sent.add(
                  new TransferFormat.SentRecord(
                      "immunization", correction.recordId(), correction.versionAfter()));
            } else {
              sent.add(
                  new TransferFormat.SentRecord(
                      "observation", correction.recordId(), correction.versionAfter()));
              sent.add(new TransferFormat.SentRecord("checkup", correction.encounterId(), 1));
            }
            transfers.insertOut(
                new OutRow(
                    outId,
                    municipality.id(),
                    child.id(),
                    contact.toCode(),
                    contact.toName(),
                    "correction",
                    correction.id(),
                    TransferContent.sha256(bundle),
                    principal.actorId(),
                    now,
                    note == null || note.isBlank() ? null : note.strip(),
                    sent.size()),
                bundle,
                sent);
          }
          store.updateContact(
              contactId,
              status,
              note == null || note.isBlank() ? null : note.strip(),
              outId,
              principal.actorId(),
              now);
          accessLog.write(principal, subject, "update-correction-contact", PURPOSE);
          return store.contact(contactId, false).orElseThrow();
        });
  }

  /** A correction with whom to tell and the Bundle of the corrected records. */
  public record CorrectionView(
      CorrectionRow correction, List<ContactRow> contacts, String bundle) {}

  public CorrectionView view(Principal principal, String municipalityCode, UUID correctionId) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "read-correction", PURPOSE);
    CorrectionRow correction =
        store
            .correction(correctionId)
            .filter(c -> c.municipalityId().equals(municipality.id()))
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such correction."));
    Child child = families.child(correction.childId()).orElseThrow();
    ProtectedSubject subject = records.subjectOf(child);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-correction", PURPOSE);
    accessLog.access(principal, subject, "read-correction", PURPOSE, true);
    return new CorrectionView(
        correction, store.contactsOf(correctionId), store.bundle(correctionId));
  }

  /** The municipality's corrections, newest first. */
  public List<CorrectionRow> list(Principal principal, String municipalityCode, int limit) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "list-corrections", PURPOSE);
    return store.corrections(municipality.id(), limit);
  }
}
