package app.sukoyaka.municipality.transfer;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.municipality.MunicipalStaff;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.municipality.transfer.HandbookPackage.HandbookNumber;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.municipality.transfer.TransferStore.OutRow;
import app.sukoyaka.municipality.transfer.TransferStore.ProvenanceRow;
import app.sukoyaka.municipality.transfer.TransferStore.TransferRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Transfer-out (転出): the child's whole handbook as the document the next municipality takes in, and
 * the log of what was sent, to whom and when — the Bundle as sent and each record with its version,
 * so that a later correction finds every municipality that has the record.
 */
@Singleton
public class TransfersOut {
  private final TransferFormat format;
  private final TransferStore store;
  private final FamilyService families;
  private final ImmunizationRecords records;
  private final MunicipalStaff staff;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  TransfersOut(
      TransferFormat format,
      TransferStore store,
      FamilyService families,
      ImmunizationRecords records,
      MunicipalStaff staff,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.format = format;
    this.store = store;
    this.families = families;
    this.records = records;
    this.staff = staff;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** What was sent, and the document itself. */
  public record Sent(OutRow out, String bundle) {}

  /**
   * Produces the child's handbook for the municipality it moves to and records the sending.
   *
   * @param to the municipality the family moves to
   */
  public Sent transferOut(
      Principal principal, String municipalityCode, UUID childId, Sender to, String note) {
    MunicipalityRow municipality =
        staff.require(
            principal,
            municipalityCode,
            AccessPolicy.Action.WRITE,
            "transfer-out",
            TransfersIn.PURPOSE);
    Child child = childOf(municipality, childId);
    ProtectedSubject subject = records.subjectOf(child);
    guard.require(
        principal, AccessPolicy.Action.READ, subject, "transfer-out", TransfersIn.PURPOSE);
    Sender destination = destination(to, municipality);
    if (note != null && note.length() > 1000) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "note: at most 1000 characters.",
          List.of(new FieldError("note", "at most 1000 characters")));
    }
    UUID id = Ids.newId();
    Instant now = clock.instant();
    return transactions.executeWrite(
        status -> {
          TransferFormat.Document document =
              format.write(
                  outgoing(id, HandbookPackage.Kind.HANDBOOK, child, municipality, null, null));
          OutRow row =
              new OutRow(
                  id,
                  municipality.id(),
                  child.id(),
                  destination.code(),
                  destination.name(),
                  "handbook",
                  null,
                  TransferContent.sha256(document.json()),
                  principal.actorId(),
                  now,
                  note == null || note.isBlank() ? null : note.strip(),
                  document.records().size());
          store.insertOut(row, document.json(), document.records());
          accessLog.write(principal, subject, "transfer-out", TransfersIn.PURPOSE);
          return new Sent(row, document.json());
        });
  }

  /**
   * What to write for the child: its handbook numbers (its own and the one it carries from an
   * earlier municipality) and the origins of the records taken over, so that they keep them.
   *
   * @param immunizationIds only these vaccinations (a correction), or null for all
   * @param checkupIds only these checkups (a correction), or null for all
   */
  TransferFormat.Outgoing outgoing(
      UUID documentId,
      HandbookPackage.Kind kind,
      Child child,
      MunicipalityRow municipality,
      Set<UUID> immunizationIds,
      Set<UUID> checkupIds) {
    List<HandbookNumber> numbers = new ArrayList<>();
    for (TransferRow transfer : store.transfersOfChild(child.id())) {
      if (transfer.handbookIssuerCode() != null) {
        numbers.add(new HandbookNumber(transfer.handbookIssuerCode(), transfer.handbookNumber()));
      }
    }
    Map<UUID, RecordKey> origins = new LinkedHashMap<>();
    for (ProvenanceRow row : store.provenanceOfChild(child.id()).values()) {
      origins.putIfAbsent(row.localId(), row.origin());
    }
    return new TransferFormat.Outgoing(
        documentId,
        kind,
        child.id(),
        new Sender(municipality.code(), municipality.nameJa()),
        numbers,
        origins,
        immunizationIds,
        checkupIds);
  }

  /** The municipality's log of what was sent, newest first; of one child when given. */
  public List<OutRow> log(Principal principal, String municipalityCode, UUID childId, int limit) {
    MunicipalityRow municipality =
        staff.require(
            principal,
            municipalityCode,
            AccessPolicy.Action.READ,
            "read-transfers-out",
            TransfersIn.PURPOSE);
    if (childId != null) {
      ProtectedSubject subject = records.subjectOf(childOf(municipality, childId));
      guard.require(
          principal, AccessPolicy.Action.READ, subject, "read-transfers-out", TransfersIn.PURPOSE);
      accessLog.access(principal, subject, "read-transfers-out", TransfersIn.PURPOSE, true);
    }
    return store.outs(municipality.id(), childId, limit);
  }

  /** One sending with the Bundle exactly as it was sent. */
  public Sent sent(Principal principal, String municipalityCode, UUID id) {
    MunicipalityRow municipality =
        staff.require(
            principal,
            municipalityCode,
            AccessPolicy.Action.READ,
            "read-transfer-out",
            TransfersIn.PURPOSE);
    OutRow row =
        store
            .out(id)
            .filter(o -> o.municipalityId().equals(municipality.id()))
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such sending."));
    Child child = families.child(row.childId()).orElseThrow();
    accessLog.access(
        principal, records.subjectOf(child), "read-transfer-out", TransfersIn.PURPOSE, true);
    return new Sent(row, store.outBundle(id));
  }

  private Child childOf(MunicipalityRow municipality, UUID childId) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    return child;
  }

  private static Sender destination(Sender to, MunicipalityRow municipality) {
    if (to == null
        || to.code() == null
        || !SukoyakaCanonicals.isMunicipalityCode(to.code())
        || to.name() == null
        || to.name().isBlank()
        || to.name().length() > 200) {
      throw new ProblemException(
          ErrorCode.TRANSFER_DESTINATION_INVALID,
          "to: the municipality the family moves to, by its 全国地方公共団体コード (6 digits with check"
              + " digit) and name.",
          List.of(new FieldError("to", "code and name of the municipality moved to")));
    }
    if (to.code().equals(municipality.code())) {
      throw new ProblemException(
          ErrorCode.TRANSFER_DESTINATION_INVALID,
          "A handbook is sent to another municipality, not to this one.",
          List.of(new FieldError("to.code", "another municipality")));
    }
    return new Sender(to.code(), to.name().strip());
  }
}
