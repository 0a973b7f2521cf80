package app.sukoyaka.immunization;

import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Vaccination records as families, municipal staff and clinics read and write them outside clinic
 * intake: a guardian's entry (unverified until confirmed), a staff member's (verified), a record
 * from abroad, the decision on an unverified entry, a clinic's retraction of its own record. Every
 * read and write passes the access policy and is written to the access log; a write and its log row
 * commit together.
 */
@Singleton
public class ImmunizationRecords {
  static final String PURPOSE = "immunization-record";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final int MAX_REASON = 1000;

  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory history;
  private final VaccinationRules rules;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  ImmunizationRecords(
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory history,
      VaccineCatalog catalog,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.families = families;
    this.checkups = checkups;
    this.history = history;
    this.rules = new VaccinationRules(catalog);
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * The records of a child or of a pregnancy, with the facilities they name.
   *
   * @param child the child, or null for a pregnancy's records
   * @param pregnancy the pregnancy, or null for a child's records
   */
  public record Records(
      Child child,
      Pregnancy pregnancy,
      List<StoredImmunization> records,
      Map<UUID, Facility> facilities) {}

  /** Where an entry comes in: the app's or dashboard's REST API, or FHIR from abroad. */
  public enum Channel {
    /** A guardian's entry (parent) or a staff member's (municipal, transfer). */
    ENTRY,
    /** A record of a dose given in another country, as FHIR. */
    ABROAD
  }

  /** The child's current records, oldest first, once the policy allows the read. */
  public Records ofChild(Principal principal, UUID childId) {
    Child child = child(childId);
    ProtectedSubject subject = subjectOf(child);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-immunizations", "handbook");
    List<StoredImmunization> found = history.storedOfChild(childId);
    accessLog.access(principal, subject, "read-immunizations", "handbook", true);
    return new Records(child, null, found, facilitiesOf(found));
  }

  /** The pregnant person's own current records during this pregnancy, oldest first. */
  public Records ofPregnancy(Principal principal, UUID pregnancyId) {
    Pregnancy pregnancy = pregnancy(pregnancyId);
    ProtectedSubject subject = subjectOf(pregnancy);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-immunizations", "handbook");
    List<StoredImmunization> found = history.storedOfPregnancy(pregnancyId);
    accessLog.access(principal, subject, "read-immunizations", "handbook", true);
    return new Records(null, pregnancy, found, facilitiesOf(found));
  }

  /**
   * Records a dose of the child: a guardian's entry is the parent's (or from abroad) and
   * unverified; a staff member's is the municipality's (or a transfer's, or from abroad) and
   * verified.
   *
   * @param requestedSource for staff, {@code municipal} (when null) or {@code transfer}; for a
   *     guardian null or {@code parent}
   * @param payload the FHIR resource it came as, or null
   */
  public StoredImmunization enterForChild(
      Principal principal,
      UUID childId,
      VaccinationDraft draft,
      Channel channel,
      String requestedSource,
      String payload) {
    Child child = child(childId);
    VaccinationRules.Person person =
        new VaccinationRules.Person(Subject.CHILD, child.birthDate(), child.sex());
    return enter(
        principal,
        subjectOf(child),
        child.municipalityId(),
        child.id(),
        null,
        person,
        draft,
        channel,
        requestedSource,
        payload);
  }

  /** Records a dose the pregnant person was given during this pregnancy. */
  public StoredImmunization enterForPregnancy(
      Principal principal,
      UUID pregnancyId,
      VaccinationDraft draft,
      Channel channel,
      String requestedSource,
      String payload) {
    Pregnancy pregnancy = pregnancy(pregnancyId);
    VaccinationRules.Person person =
        new VaccinationRules.Person(Subject.MOTHER, pregnancy.motherBirthDate(), "female");
    return enter(
        principal,
        subjectOf(pregnancy),
        pregnancy.municipalityId(),
        null,
        pregnancy.id(),
        person,
        draft,
        channel,
        requestedSource,
        payload);
  }

  private StoredImmunization enter(
      Principal principal,
      ProtectedSubject subject,
      UUID municipalityId,
      UUID childId,
      UUID pregnancyId,
      VaccinationRules.Person person,
      VaccinationDraft draft,
      Channel channel,
      String requestedSource,
      String payload) {
    ImmunizationRecord.Source source = source(principal, channel, requestedSource);
    if (channel == Channel.ABROAD && Boolean.TRUE.equals(draft.routine())) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_NOT_ROUTINE,
          "routine",
          "A dose given abroad is not 定期接種 under the Immunization Act.");
    }
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "enter-immunization", PURPOSE);
    VaccinationRules.Checked checked =
        rules.check(draft, person, LocalDate.now(clock.withZone(JAPAN)), false);
    Instant now = clock.instant();
    boolean staff = principal.role() == Role.STAFF;
    UUID facilityId = null;
    String performerName = blankToNull(draft.performerName());
    if (draft.performerCode() != null) {
      Facility facility =
          history
              .facilityByCode(draft.performerCode())
              .orElseThrow(
                  () ->
                      new ImmunizationEntryException(
                          ErrorCode.INVALID_BODY,
                          "performer",
                          "No registered facility has the 医療機関コード "
                              + draft.performerCode()
                              + "; name it instead."));
      facilityId = facility.id();
      performerName = performerName == null ? facility.name() : performerName;
    }
    ImmunizationRecord record =
        new ImmunizationRecord(
            Ids.newId(),
            municipalityId,
            childId,
            pregnancyId,
            draft.date(),
            checked.vaccine(),
            checked.kind() == null ? null : checked.kind().code(),
            checked.product(),
            blankToNull(draft.lotNumber()),
            checked.doseLabel(),
            checked.routine(),
            source,
            staff
                ? ImmunizationRecord.Verification.VERIFIED
                : ImmunizationRecord.Verification.UNVERIFIED,
            staff ? principal.actorId() : null,
            staff ? now : null,
            draft.country(),
            facilityId,
            performerName,
            note(draft),
            1,
            null,
            principal.role().claim(),
            principal.subject(),
            now,
            now,
            checked.credits());
    transactions.executeWrite(
        status -> {
          history.store(List.of(record), payload == null ? Map.of() : Map.of(record.id(), payload));
          accessLog.write(principal, subject, "enter-immunization", PURPOSE);
          return null;
        });
    return history.find(record.id()).orElseThrow();
  }

  /**
   * Verifies or rejects an unverified record: staff of the family's municipality only.
   *
   * @throws ImmunizationEntryException when the record is not found, retracted, already decided, or
   *     the caller may not decide it
   */
  public StoredImmunization decide(
      Principal principal, UUID recordId, ImmunizationRecord.Verification decision, String reason) {
    StoredImmunization stored = standing(recordId);
    ImmunizationRecord record = stored.record();
    ProtectedSubject subject = subjectOf(record);
    String action =
        decision == ImmunizationRecord.Verification.VERIFIED
            ? "verify-immunization"
            : "reject-immunization";
    guard.require(principal, AccessPolicy.Action.WRITE, subject, action, PURPOSE);
    // The municipality keeps the register (予防接種台帳) and confirms what a family brings from
    // the handbook; a clinic's proof of a dose it gave is its own submission. A clinic the entry
    // merely names is the family's word, not a relationship of care.
    if (principal.role() != Role.STAFF) {
      accessLog.access(principal, subject, action, PURPOSE, false);
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_NOT_DECIDABLE,
          null,
          "A record is confirmed by staff of the family's municipality.");
    }
    if (record.verification() != ImmunizationRecord.Verification.UNVERIFIED) {
      throw alreadyDecided(record);
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw new ImmunizationEntryException(
          ErrorCode.INVALID_BODY, "reason", "A reason has at most " + MAX_REASON + " characters.");
    }
    Instant now = clock.instant();
    boolean decided =
        transactions.executeWrite(
            status -> {
              boolean changed =
                  history.decide(recordId, decision, principal.actorId(), now, blankToNull(reason));
              if (changed) {
                accessLog.write(principal, subject, action, PURPOSE);
              }
              return changed;
            });
    if (!decided) {
      // Another decision (or a retraction) came first.
      throw alreadyDecided(history.find(recordId).orElseThrow().record());
    }
    return history.find(recordId).orElseThrow();
  }

  /**
   * A clinic retracts a record it submitted (entered in error): it leaves the handbook, the
   * forecast and the coverage; the row stays with who retracted it and when.
   */
  public void retract(Principal principal, UUID recordId) {
    if (principal.role() != Role.CLINIC) {
      throw new ImmunizationEntryException(
          ErrorCode.WRONG_ROLE, null, "Only the clinic that submitted a record retracts it.");
    }
    StoredImmunization stored = standing(recordId);
    ImmunizationRecord record = stored.record();
    ProtectedSubject subject = subjectOf(record);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "retract-immunization", PURPOSE);
    if (record.source() != ImmunizationRecord.Source.CLINIC
        || record.facilityId() == null
        || !record.facilityId().equals(principal.facilityId())) {
      accessLog.access(principal, subject, "retract-immunization", PURPOSE, false);
      throw new ImmunizationEntryException(
          ErrorCode.FHIR_NOT_THE_SUBMITTER, null, "This record was not submitted by your clinic.");
    }
    Instant now = clock.instant();
    boolean retracted =
        transactions.executeWrite(
            status -> {
              boolean changed = history.retract(recordId, principal.actorId(), now);
              if (changed) {
                accessLog.write(principal, subject, "retract-immunization", "clinic-report");
              }
              return changed;
            });
    if (!retracted) {
      throw gone(recordId);
    }
  }

  /** The child, pregnancy and facilities that decide who may read a record. */
  public ProtectedSubject subjectOf(ImmunizationRecord record) {
    return record.childId() != null
        ? subjectOf(child(record.childId()))
        : subjectOf(pregnancy(record.pregnancyId()));
  }

  /** The child as the policy sees it: facilities of its checkups and vaccinations included. */
  public ProtectedSubject subjectOf(Child child) {
    Set<UUID> facilities = new HashSet<>(checkups.submittingFacilitiesOfChild(child.id()));
    facilities.addAll(history.facilitiesOfChild(child.id()));
    return FamilySubjects.of(child, facilities);
  }

  /** The pregnancy as the policy sees it. */
  public ProtectedSubject subjectOf(Pregnancy pregnancy) {
    Set<UUID> facilities = new HashSet<>(checkups.submittingFacilities(pregnancy.id()));
    facilities.addAll(history.facilitiesOfPregnancy(pregnancy.id()));
    return FamilySubjects.of(pregnancy, facilities);
  }

  private StoredImmunization standing(UUID recordId) {
    StoredImmunization stored =
        history
            .find(recordId)
            .orElseThrow(
                () ->
                    new ImmunizationEntryException(
                        ErrorCode.NOT_FOUND, null, "No vaccination record with this id."));
    if (stored.retracted()) {
      throw gone(recordId);
    }
    return stored;
  }

  private static ImmunizationEntryException gone(UUID recordId) {
    return new ImmunizationEntryException(
        ErrorCode.GONE,
        null,
        "The vaccination record " + recordId + " was retracted by its clinic.");
  }

  private static ImmunizationEntryException alreadyDecided(ImmunizationRecord record) {
    return new ImmunizationEntryException(
        ErrorCode.IMMUNIZATION_ALREADY_DECIDED,
        "decision",
        "This record is already " + record.verification().code() + ".");
  }

  private static ImmunizationRecord.Source source(
      Principal principal, Channel channel, String requested) {
    switch (principal.role()) {
      case GUARDIAN:
        if (requested != null && !requested.equals("parent")) {
          throw new ImmunizationEntryException(
              ErrorCode.INVALID_BODY, "source", "A guardian's entry is the parent's own.");
        }
        return channel == Channel.ABROAD
            ? ImmunizationRecord.Source.ABROAD
            : ImmunizationRecord.Source.PARENT;
      case STAFF:
        if (channel == Channel.ABROAD) {
          return ImmunizationRecord.Source.ABROAD;
        }
        if (requested == null || requested.equals("municipal")) {
          return ImmunizationRecord.Source.MUNICIPAL;
        }
        if (requested.equals("transfer")) {
          return ImmunizationRecord.Source.TRANSFER;
        }
        throw new ImmunizationEntryException(
            ErrorCode.INVALID_BODY, "source", "Staff record a dose as municipal or transfer.");
      default:
        throw new ImmunizationEntryException(
            ErrorCode.WRONG_ROLE,
            null,
            "Clinics submit vaccinations as a FHIR transaction to POST /fhir.");
    }
  }

  private static String note(VaccinationDraft draft) {
    String note = blankToNull(draft.note());
    if (draft.foreignDoseNumber() == null) {
      return note;
    }
    String number = "海外での接種回: " + draft.foreignDoseNumber();
    return note == null ? number : note + "\n" + number;
  }

  /** The registered facilities the records name, by id. */
  public Map<UUID, Facility> facilitiesOf(List<StoredImmunization> records) {
    Set<UUID> ids = new HashSet<>();
    records.forEach(
        stored -> {
          if (stored.record().facilityId() != null) {
            ids.add(stored.record().facilityId());
          }
        });
    return history.facilities(ids);
  }

  private Child child(UUID childId) {
    return families
        .child(childId)
        .orElseThrow(
            () -> new ImmunizationEntryException(ErrorCode.NOT_FOUND, null, "No such child."));
  }

  private Pregnancy pregnancy(UUID pregnancyId) {
    return families
        .pregnancy(pregnancyId)
        .orElseThrow(
            () -> new ImmunizationEntryException(ErrorCode.NOT_FOUND, null, "No such pregnancy."));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
