package app.sukoyaka.family.records;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The family's own records of a child or a pregnancy: both guardians of a child (the pregnant
 * person for her pregnancy) write them, staff of the municipality read them, clinics do neither.
 * Writes are made for an app that works offline: a create names the app's client id and a repeat
 * stores nothing new; an update or delete names the version it was based on and a stale one is a
 * conflict carrying the current record.
 */
@Singleton
public class OwnRecords {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final FamilyService families;
  private final OwnRecordStore store;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;
  private final OwnRecordItems items;
  private final OwnRecordRules rules;

  OwnRecords(
      FamilyService families,
      OwnRecordStore store,
      AccessGuard guard,
      AccessLog accessLog,
      Clock clock,
      CheckupItemCatalog catalog) {
    this.families = families;
    this.store = store;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
    this.items = OwnRecordItems.load(catalog);
    this.rules = new OwnRecordRules(items);
  }

  public OwnRecordItems items() {
    return items;
  }

  /** The owner of records as the access policy sees it, with the child's birth day. */
  record Owner(
      OwnRecordItems.Owner type,
      UUID id,
      UUID municipalityId,
      ProtectedSubject subject,
      LocalDate born) {}

  /** A create's outcome: the record and whether this request stored it. */
  public record Created(OwnRecord record, boolean stored) {}

  /** The owner's records that are not deleted, oldest day first; null kind for all. */
  @Transactional
  public List<OwnRecord> list(
      Principal principal, OwnRecordItems.Owner type, UUID ownerId, OwnRecordKind kind) {
    Owner owner = read(principal, type, ownerId);
    return store.of(type, owner.id(), kind);
  }

  /**
   * Every record of a child or pregnancy that is not deleted, for the guardian's download of all
   * their data (the caller checked that the guardian reads the child or pregnancy, and logged it).
   */
  @Transactional
  public List<OwnRecord> forDownload(OwnRecordItems.Owner type, UUID ownerId) {
    return store.of(type, ownerId, null);
  }

  /** A record the family wrote in another Sukoyaka, as their download carries it. */
  public record Brought(UUID originalId, OwnRecord.Content content) {}

  /**
   * Takes over the child's own records the family's download brought from another Sukoyaka, in the
   * caller's transaction (the caller checked the right to add records to the child's handbook and
   * logs it). Each passes the same rules as a record the app sends; one refused is returned with
   * why and nothing of it is stored. A record brought before into this child (the same original
   * record) is not stored twice.
   *
   * @return why each refused one was refused, by its original id
   */
  @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
  public java.util.Map<UUID, String> takeOver(
      UUID childId,
      UUID municipalityId,
      LocalDate born,
      List<Brought> brought,
      String actor,
      Instant at) {
    return takeOver(OwnRecordItems.Owner.CHILD, childId, municipalityId, born, brought, actor, at)
        .refused();
  }

  /**
   * What taking over did.
   *
   * @param refused why each refused one was refused, by its original id
   * @param stored the local id of each one stored now or before, by its original id
   * @param added how many were stored now
   */
  public record TakenOver(
      java.util.Map<UUID, String> refused, java.util.Map<UUID, UUID> stored, int added) {}

  /**
   * Takes over the own records of a child or a pregnancy the family's download brought from another
   * Sukoyaka, in the caller's transaction, with the same rules as a record the app sends.
   *
   * @param born the child's birth (records before it are refused), or null for a pregnancy
   */
  @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
  public TakenOver takeOver(
      OwnRecordItems.Owner type,
      UUID ownerId,
      UUID municipalityId,
      LocalDate born,
      List<Brought> brought,
      String actor,
      Instant at) {
    java.util.Map<UUID, String> refused = new java.util.LinkedHashMap<>();
    java.util.Map<UUID, UUID> stored = new java.util.LinkedHashMap<>();
    int added = 0;
    for (Brought one : brought) {
      OwnRecord.Content given = one.content();
      OwnRecord.Content content;
      try {
        content =
            rules.content(
                new OwnRecordDraft(
                    given.kind().code(),
                    given.item(),
                    given.date().toString(),
                    given.quantityValue(),
                    given.quantityUnit(),
                    given.answer(),
                    given.text(),
                    given.author()),
                type,
                born,
                today(),
                defaultAuthor(type));
      } catch (ProblemException e) {
        refused.put(one.originalId(), e.getMessage());
        continue;
      }
      // Stable per child (or pregnancy) and original: bringing the same download again finds it.
      UUID clientId =
          UUID.nameUUIDFromBytes(
              ("taken-over:" + ownerId + ":" + one.originalId())
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (store.insert(
          new OwnRecord(
              UUID.randomUUID(),
              municipalityId,
              type,
              ownerId,
              content.kind(),
              content.item(),
              content.date(),
              content.quantityValue(),
              content.quantityUnit(),
              content.answer(),
              content.text(),
              content.author(),
              clientId,
              1,
              actor,
              at,
              actor,
              at,
              null),
          OwnRecordRules.digest(type, ownerId, content))) {
        added++;
      }
      store.byClientId(clientId).ifPresent(s -> stored.put(one.originalId(), s.record().id()));
    }
    return new TakenOver(refused, stored, added);
  }

  /**
   * Only a child's own records that a growth chart plots: its measurements, for whoever may read
   * the child's growth (the caller checked that).
   */
  @Transactional
  public List<OwnRecord> measurementsOfChild(UUID childId) {
    return store.of(OwnRecordItems.Owner.CHILD, childId, OwnRecordKind.MEASUREMENT);
  }

  @Transactional
  public OwnRecord get(
      Principal principal, OwnRecordItems.Owner type, UUID ownerId, UUID recordId) {
    Owner owner = read(principal, type, ownerId);
    return store
        .byId(recordId)
        .map(OwnRecordStore.Stored::record)
        .filter(r -> r.owner() == type && r.ownerId().equals(owner.id()) && !r.deleted())
        .orElseThrow(OwnRecords::notFound);
  }

  /**
   * Stores the record, or returns the one stored under the same client id before (as it is now).
   * The same client id with other content, or for another child or pregnancy, is refused.
   */
  @Transactional
  public Created create(
      Principal principal,
      OwnRecordItems.Owner type,
      UUID ownerId,
      UUID clientId,
      OwnRecordDraft draft) {
    if (clientId == null) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_INVALID,
          "clientId: required",
          List.of(new ProblemException.FieldError("clientId", "required (a UUID from the app)")));
    }
    Owner owner = write(principal, type, ownerId);
    OwnRecord.Content content =
        rules.content(draft, type, owner.born(), today(), defaultAuthor(type));
    String digest = OwnRecordRules.digest(type, owner.id(), content);
    Instant now = clock.instant();
    OwnRecord record =
        new OwnRecord(
            UUID.randomUUID(),
            owner.municipalityId(),
            type,
            owner.id(),
            content.kind(),
            content.item(),
            content.date(),
            content.quantityValue(),
            content.quantityUnit(),
            content.answer(),
            content.text(),
            content.author(),
            clientId,
            1,
            principal.subject(),
            now,
            principal.subject(),
            now,
            null);
    boolean stored = store.insert(record, digest);
    OwnRecordStore.Stored existing = store.byClientId(clientId).orElseThrow();
    if (!stored && !existing.createDigest().equals(digest)) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_CLIENT_ID_REUSED,
          "clientId "
              + clientId
              + " was first sent with other content or for another child or pregnancy.");
    }
    accessLog.access(principal, owner.subject(), "write-own-record", "own-records", true);
    return new Created(existing.record(), stored);
  }

  /** Replaces the content of the record at {@code baseVersion}. */
  @Transactional
  public OwnRecord update(
      Principal principal,
      OwnRecordItems.Owner type,
      UUID ownerId,
      UUID recordId,
      int baseVersion,
      OwnRecordDraft draft) {
    Owner owner = write(principal, type, ownerId);
    OwnRecord current = ownRecord(owner, recordId);
    OwnRecord.Content content = rules.content(draft, type, owner.born(), today(), current.author());
    if (content.kind() != current.kind()) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_INVALID,
          "kind: a record keeps its kind; delete it and create another",
          List.of(new ProblemException.FieldError("kind", "cannot change")));
    }
    if (!store.update(recordId, baseVersion, content, principal.subject(), clock.instant())) {
      throw new OwnRecordConflict(ownRecord(owner, recordId), baseVersion);
    }
    accessLog.access(principal, owner.subject(), "write-own-record", "own-records", true);
    return ownRecord(owner, recordId);
  }

  /** Deletes the record at {@code baseVersion}, leaving its tombstone. */
  @Transactional
  public OwnRecord delete(
      Principal principal,
      OwnRecordItems.Owner type,
      UUID ownerId,
      UUID recordId,
      int baseVersion) {
    Owner owner = write(principal, type, ownerId);
    ownRecord(owner, recordId);
    if (!store.delete(recordId, baseVersion, principal.subject(), clock.instant())) {
      throw new OwnRecordConflict(ownRecord(owner, recordId), baseVersion);
    }
    accessLog.access(principal, owner.subject(), "delete-own-record", "own-records", true);
    return ownRecord(owner, recordId);
  }

  /** The record of that owner, a tombstone included; not found when it is another's. */
  private OwnRecord ownRecord(Owner owner, UUID recordId) {
    return store
        .byId(recordId)
        .map(OwnRecordStore.Stored::record)
        .filter(r -> r.owner() == owner.type() && r.ownerId().equals(owner.id()))
        .orElseThrow(OwnRecords::notFound);
  }

  private Owner read(Principal principal, OwnRecordItems.Owner type, UUID ownerId) {
    Owner owner = owner(type, ownerId);
    if (principal.role() == Role.CLINIC) {
      // Whatever a clinic may read of a child, the family's own pages are not for it.
      accessLog.access(principal, owner.subject(), "read-own-records", "own-records", false);
      throw new ProblemException(
          ErrorCode.OWN_RECORD_NOT_FOR_CLINICS,
          "The family's own records (diary, notes, home measurements) are not shared with clinics.");
    }
    guard.require(
        principal, AccessPolicy.Action.READ, owner.subject(), "read-own-records", "own-records");
    accessLog.access(principal, owner.subject(), "read-own-records", "own-records", true);
    return owner;
  }

  private Owner write(Principal principal, OwnRecordItems.Owner type, UUID ownerId) {
    Owner owner = owner(type, ownerId);
    guard.require(
        principal, AccessPolicy.Action.WRITE, owner.subject(), "write-own-record", "own-records");
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_FAMILY_ONLY,
          "Only the family writes its own records; staff and clinics read or record their own.");
    }
    return owner;
  }

  private Owner owner(OwnRecordItems.Owner type, UUID ownerId) {
    if (type == OwnRecordItems.Owner.CHILD) {
      Child child =
          families
              .child(ownerId)
              .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
      return new Owner(
          type, child.id(), child.municipalityId(), FamilySubjects.of(child), child.birthDate());
    }
    Pregnancy pregnancy =
        families
            .pregnancy(ownerId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such pregnancy."));
    return new Owner(
        type,
        pregnancy.id(),
        pregnancy.municipalityId(),
        FamilySubjects.of(pregnancy, Set.of()),
        null);
  }

  private static String defaultAuthor(OwnRecordItems.Owner type) {
    return type == OwnRecordItems.Owner.CHILD ? "guardian" : "pregnant-person";
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(JAPAN));
  }

  private static ProblemException notFound() {
    return new ProblemException(ErrorCode.OWN_RECORD_NOT_FOUND, "No such record.");
  }
}
