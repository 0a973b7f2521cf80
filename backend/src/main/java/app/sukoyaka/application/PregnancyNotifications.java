package app.sukoyaka.application;

import app.sukoyaka.family.prenatal.HandbookIssue;
import app.sukoyaka.family.prenatal.IssuedHandbook;
import app.sukoyaka.family.prenatal.NewHandbook;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The pregnancy notification (妊娠届出) made online: a resident (or a mother who already has a
 * handbook) submits the form signed with her certificate; it arrives when it is stored and readable
 * by the municipality; staff of that municipality accept it (issuing the handbook), ask for a
 * correction (she signs a corrected version) or reject it with a reason.
 */
@Singleton
public class PregnancyNotifications {
  /** The subject type the access policy sees: the applicant's own, and her municipality's. */
  public static final String SUBJECT_TYPE = "pregnancy-notification";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final String PURPOSE = "pregnancy-notification";

  private final SignatureVerifier verifier;
  private final NotificationForm form = NotificationForm.load();
  private final NotificationStore store;
  private final MunicipalityRepository municipalities;
  private final HandbookIssue handbooks;
  private final AccessGuard guard;
  private final AccessLog log;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  PregnancyNotifications(
      SignatureVerifier verifier,
      NotificationStore store,
      MunicipalityRepository municipalities,
      HandbookIssue handbooks,
      AccessGuard guard,
      AccessLog log,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.verifier = verifier;
    this.store = store;
    this.municipalities = municipalities;
    this.handbooks = handbooks;
    this.guard = guard;
    this.log = log;
    this.transactions = transactions;
    this.clock = clock;
  }

  public NotificationForm form() {
    return form;
  }

  static ProtectedSubject subject(StoredNotification notification) {
    return subject(
        notification.id(), notification.municipalityId(), notification.applicantSubject());
  }

  static ProtectedSubject subject(UUID id, UUID municipalityId, String applicant) {
    return new ProtectedSubject(SUBJECT_TYPE, id, municipalityId, Set.of(applicant), Set.of());
  }

  /** A signed form that passed verification and the form's checks, ready to store. */
  private record Checked(
      String signed, VerifiedSignature signature, NotificationContent content, UUID municipality) {}

  private Checked check(Principal principal, String signed) {
    if (principal.role() != Role.RESIDENT && principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "The pregnancy notification is made by the pregnant person.");
    }
    VerifiedSignature signature = verifier.verify(signed, clock.instant());
    JsonNode json;
    try {
      json = JSON.readTree(signature.content());
    } catch (IOException e) {
      throw new ProblemException(
          ErrorCode.APPLICATION_FORM_INVALID, "The signed content is not JSON.");
    }
    NotificationContent content =
        form.check(json, LocalDate.ofInstant(signature.checkedAt(), JAPAN));
    MunicipalityRow municipality =
        municipalities
            .findByCode(content.municipalityCode())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.APPLICATION_UNKNOWN_MUNICIPALITY,
                        "The municipality " + content.municipalityCode() + " is not served here.",
                        List.of(
                            new ProblemException.FieldError(
                                "municipalityCode", "not a municipality served here"))));
    return new Checked(signed.trim(), signature, content, municipality.id());
  }

  private static boolean nameMatches(Checked checked) {
    return NameMatch.matches(
        NameMatch.signerName(checked.signature().signer()),
        checked.content().familyName(),
        checked.content().givenName(),
        checked.content().familyNameKana(),
        checked.content().givenNameKana());
  }

  /**
   * The arrival moment, read inside the transaction that makes the version readable, as its last
   * act before commit; the certificate must still be valid then.
   */
  private Instant arrival(Checked checked) {
    Instant at = clock.instant();
    if (checked.signature().signer().getNotAfter().toInstant().isBefore(at)) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_CERTIFICATE_EXPIRED,
          "The signing certificate expired before the application arrived.");
    }
    return at;
  }

  /** Stores a first version; returns it as arrived. Nothing is stored when anything is refused. */
  public StoredNotification submit(Principal principal, String signed) {
    Checked checked = check(principal, signed);
    UUID id = Ids.newId();
    transactions.executeWrite(
        status -> {
          long serial =
              handbooks.nextSerial(
                  checked.municipality(), "receipt:" + LocalDate.now(clock).getYear());
          String receipt = LocalDate.now(clock).getYear() + "-" + String.format("%06d", serial);
          Instant at = arrival(checked);
          store.insertNotification(id, checked.municipality(), receipt, principal.subject(), at);
          store.insertVersion(
              new NotificationStore.NewVersion(
                  id,
                  1,
                  checked.municipality(),
                  at,
                  checked.content(),
                  checked.signed(),
                  checked.signature(),
                  nameMatches(checked)));
          store.insertEvent(
              id,
              1,
              new StoredNotification.Event(
                  1,
                  at,
                  principal.role().claim(),
                  principal.subject(),
                  null,
                  StoredNotification.SUBMITTED,
                  null));
          log.write(
              principal,
              subject(id, checked.municipality(), principal.subject()),
              "submit-pregnancy-notification",
              PURPOSE);
          return null;
        });
    return store.read(id).orElseThrow();
  }

  /** A corrected version, newly signed, of a notification staff asked to correct. */
  public StoredNotification resubmit(Principal principal, UUID id, String signed) {
    StoredNotification before = readOwn(principal, id);
    Checked checked = check(principal, signed);
    transactions.executeWrite(
        status -> {
          StoredNotification locked = store.lock(id).orElseThrow();
          if (!StoredNotification.CORRECTION_REQUESTED.equals(locked.status())) {
            throw new ProblemException(
                ErrorCode.APPLICATION_NOT_AWAITING_CORRECTION,
                "This notification is " + locked.status() + "; no correction was asked for.");
          }
          if (!locked.municipalityId().equals(checked.municipality())) {
            throw new ProblemException(
                ErrorCode.APPLICATION_OTHER_MUNICIPALITY,
                "A corrected version goes to the same municipality; notify the other one anew.",
                List.of(new ProblemException.FieldError("municipalityCode", "changed")));
          }
          int version = locked.currentVersion() + 1;
          Instant at = arrival(checked);
          store.insertVersion(
              new NotificationStore.NewVersion(
                  id,
                  version,
                  locked.municipalityId(),
                  at,
                  checked.content(),
                  checked.signed(),
                  checked.signature(),
                  nameMatches(checked)));
          store.update(id, StoredNotification.SUBMITTED, version, null, at);
          store.insertEvent(
              id,
              version,
              new StoredNotification.Event(
                  version,
                  at,
                  principal.role().claim(),
                  principal.subject(),
                  locked.status(),
                  StoredNotification.SUBMITTED,
                  null));
          log.write(principal, subject(before), "resubmit-pregnancy-notification", PURPOSE);
          return null;
        });
    return store.read(id).orElseThrow();
  }

  /** The applicant's own notifications, newest first. */
  public List<StoredNotification> mine(Principal principal) {
    requireApplicantRole(principal);
    List<StoredNotification> found = store.ofApplicant(principal.subject());
    found.forEach(
        n -> log.access(principal, subject(n), "read-pregnancy-notification", PURPOSE, true));
    return found;
  }

  /** One of the applicant's own notifications; another's is not found. */
  public StoredNotification readOwn(Principal principal, UUID id) {
    requireApplicantRole(principal);
    StoredNotification notification =
        store
            .read(id)
            .filter(n -> n.applicantSubject().equals(principal.subject()))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.NOT_FOUND, "No pregnancy notification of yours with this id."));
    guard.require(
        principal,
        AccessPolicy.Action.READ,
        subject(notification),
        "read-pregnancy-notification",
        PURPOSE);
    log.access(principal, subject(notification), "read-pregnancy-notification", PURPOSE, true);
    return notification;
  }

  private static void requireApplicantRole(Principal principal) {
    if (principal.role() != Role.RESIDENT && principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only the applicant reads her pregnancy notifications here.");
    }
  }

  // --- Review by the municipality's staff ------------------------------------------------------

  private static UUID staffMunicipality(Principal principal) {
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Pregnancy notifications are reviewed by municipal staff.");
    }
    if (principal.municipalityIds().size() != 1) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "This staff account is not tied to exactly one municipality.");
    }
    return principal.municipalityIds().iterator().next();
  }

  /** The staff member's municipality's notifications, optionally of one status. */
  public NotificationStore.Page list(Principal principal, String status, int page, int size) {
    UUID municipality = staffMunicipality(principal);
    NotificationStore.Page found = store.ofMunicipality(municipality, status, page, size);
    log.accessAll(
        principal,
        found.items().stream().map(PregnancyNotifications::subject).toList(),
        "list-pregnancy-notifications",
        PURPOSE);
    return found;
  }

  public StoredNotification review(Principal principal, UUID id) {
    staffMunicipality(principal);
    StoredNotification notification =
        store
            .read(id)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No notification with this id."));
    guard.require(
        principal,
        AccessPolicy.Action.READ,
        subject(notification),
        "review-pregnancy-notification",
        PURPOSE);
    log.access(principal, subject(notification), "review-pregnancy-notification", PURPOSE, true);
    return notification;
  }

  /** What staff decide. */
  public enum Decision {
    ACCEPT(StoredNotification.ACCEPTED, "accept-pregnancy-notification"),
    REQUEST_CORRECTION(
        StoredNotification.CORRECTION_REQUESTED, "request-pregnancy-notification-correction"),
    REJECT(StoredNotification.REJECTED, "reject-pregnancy-notification");

    final String status;
    final String action;

    Decision(String status, String action) {
      this.status = status;
      this.action = action;
    }
  }

  /**
   * Applies a decision to a notification awaiting review, in one transaction: acceptance issues the
   * handbook (person, pregnancy with its number, 妊婦健診 schedule and vouchers) with it. A correction
   * request and a rejection need a message to the applicant; a rejection may also be made while
   * waiting for a correction that does not come.
   */
  public StoredNotification decide(
      Principal principal, UUID id, Decision decision, String message) {
    staffMunicipality(principal);
    String text = message == null ? null : message.strip();
    if (decision != Decision.ACCEPT && (text == null || text.isEmpty())) {
      throw new ProblemException(
          ErrorCode.APPLICATION_MESSAGE_REQUIRED,
          decision == Decision.REJECT
              ? "A rejection gives the applicant its reason."
              : "A correction request tells the applicant what to correct.",
          List.of(new ProblemException.FieldError("message", "required")));
    }
    if (text != null && text.length() > 2000) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "The message is too long.",
          List.of(new ProblemException.FieldError("message", "at most 2000 characters")));
    }
    transactions.executeWrite(
        status -> {
          StoredNotification locked =
              store
                  .lock(id)
                  .orElseThrow(
                      () ->
                          new ProblemException(
                              ErrorCode.NOT_FOUND, "No notification with this id."));
          guard.require(
              principal, AccessPolicy.Action.WRITE, subject(locked), decision.action, PURPOSE);
          boolean allowed =
              StoredNotification.SUBMITTED.equals(locked.status())
                  || (decision == Decision.REJECT
                      && StoredNotification.CORRECTION_REQUESTED.equals(locked.status()));
          if (!allowed) {
            throw new ProblemException(
                ErrorCode.APPLICATION_NOT_AWAITING_REVIEW,
                "This notification is "
                    + locked.status()
                    + " and cannot be "
                    + decision.status.replace('_', ' ')
                    + " now.");
          }
          Instant at = clock.instant();
          UUID pregnancyId = null;
          if (decision == Decision.ACCEPT) {
            NotificationContent content = contentOf(locked.current().form());
            IssuedHandbook issued =
                handbooks.issue(
                    new NewHandbook(
                        locked.municipalityId(),
                        locked.applicantSubject(),
                        content.familyName(),
                        content.givenName(),
                        content.familyNameKana(),
                        content.givenNameKana(),
                        content.birthDate(),
                        content.expectedDeliveryDate(),
                        content.fetusCount()),
                    LocalDate.ofInstant(at, JAPAN),
                    at);
            pregnancyId = issued.pregnancyId();
          }
          store.update(id, decision.status, locked.currentVersion(), pregnancyId, at);
          store.insertEvent(
              id,
              locked.currentVersion(),
              new StoredNotification.Event(
                  locked.currentVersion(),
                  at,
                  principal.role().claim(),
                  principal.subject(),
                  locked.status(),
                  decision.status,
                  text == null || text.isEmpty() ? null : text));
          log.write(principal, subject(locked), decision.action, PURPOSE);
          return null;
        });
    return store.read(id).orElseThrow();
  }

  /** The stored form as the content it was checked as (no date rules: they held on arrival). */
  private static NotificationContent contentOf(JsonNode stored) {
    return new NotificationContent(
        stored,
        stored.path("municipalityCode").asText(),
        stored.path("familyName").asText(),
        stored.path("givenName").asText(),
        stored.path("familyNameKana").asText(),
        stored.path("givenNameKana").asText(),
        LocalDate.parse(stored.path("birthDate").asText()),
        LocalDate.parse(stored.path("expectedDeliveryDate").asText()),
        LocalDate.parse(stored.path("diagnosisDate").asText()),
        stored.path("diagnosingFacilityName").asText(),
        stored.path("diagnosingFacilityCode").isTextual()
            ? stored.path("diagnosingFacilityCode").asText()
            : null,
        stored.path("fetusCount").asInt());
  }
}
