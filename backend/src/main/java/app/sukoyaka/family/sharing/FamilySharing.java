package app.sukoyaka.family.sharing;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.mobile.DeepLinks;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Family sharing: a guardian invites the other guardian to the children they guard and the
 * pregnancy that is hers; the invitee accepts with the code; either ends it. Every change goes to
 * the sharing log both read.
 */
@Singleton
public class FamilySharing {
  static final Set<String> RELATIONSHIPS = Set.of("father", "other");
  static final Set<String> SEXES = Set.of("female", "male", "other", "unknown");

  private final InvitationStore store;
  private final InvitationAcceptance acceptance;
  private final FamilyService families;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final SharingConfiguration config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  FamilySharing(
      InvitationStore store,
      InvitationAcceptance acceptance,
      FamilyService families,
      AccessGuard guard,
      AccessLog accessLog,
      SharingConfiguration config,
      Clock clock) {
    this.store = store;
    this.acceptance = acceptance;
    this.families = families;
    this.guard = guard;
    this.accessLog = accessLog;
    this.config = config;
    this.clock = clock;
  }

  @Transactional
  public SharingBodies.CreatedInvitation invite(
      Principal principal, SharingBodies.NewInvitation request) {
    InvitationStore.Person inviter = guardian(principal);
    List<UUID> childIds = distinct(request.childIds(), "childIds");
    List<UUID> pregnancyIds = distinct(request.pregnancyIds(), "pregnancyIds");
    if (childIds.isEmpty() && pregnancyIds.isEmpty()) {
      throw new ProblemException(
          ErrorCode.SHARING_NOTHING_TO_SHARE, "Name the children or the pregnancy to share.");
    }
    List<Child> children = new ArrayList<>();
    List<Pregnancy> pregnancies = new ArrayList<>();
    Set<UUID> municipalities = new LinkedHashSet<>();
    for (UUID id : childIds) {
      Child child = families.child(id).orElseThrow(() -> notYours("child " + id));
      guard.require(
          principal,
          AccessPolicy.Action.WRITE,
          FamilySubjects.of(child),
          "invite-guardian",
          PURPOSE);
      children.add(child);
      municipalities.add(child.municipalityId());
    }
    for (UUID id : pregnancyIds) {
      Pregnancy pregnancy = families.pregnancy(id).orElseThrow(() -> notYours("pregnancy " + id));
      ProtectedSubject subject = FamilySubjects.of(pregnancy, Set.of());
      guard.require(principal, AccessPolicy.Action.WRITE, subject, "invite-guardian", PURPOSE);
      // A partner who reads the pregnancy through her invitation does not share it further.
      if (!principal.subject().equals(pregnancy.guardianSubject())) {
        throw notYours("pregnancy " + id);
      }
      pregnancies.add(pregnancy);
      municipalities.add(pregnancy.municipalityId());
    }
    if (municipalities.size() > 1) {
      throw new ProblemException(
          ErrorCode.SHARING_MIXED_MUNICIPALITIES,
          "These records belong to different municipalities; invite once for each.");
    }
    Instant now = clock.instant();
    if (store.pendingOf(inviter.id(), now) >= config.maxPendingPerInviter()) {
      throw new ProblemException(
          ErrorCode.SHARING_TOO_MANY_PENDING,
          "You have "
              + config.maxPendingPerInviter()
              + " invitations waiting; cancel one or wait until it is accepted or expires.");
    }
    InvitationCodes.Code code;
    do {
      code = InvitationCodes.generate(random);
    } while (store.selectorTaken(code.selector()));
    UUID id = Ids.newId();
    UUID municipality = municipalities.iterator().next();
    Instant expires = now.plus(config.invitationLifetime());
    store.insert(id, municipality, inviter.id(), code, childIds, pregnancyIds, now, expires);
    store.event(
        municipality, id, "invited", "inviter", inviter.id(), null, childIds, pregnancyIds, now);
    for (Child child : children) {
      accessLog.write(principal, FamilySubjects.of(child), "invite-guardian", PURPOSE);
    }
    for (Pregnancy pregnancy : pregnancies) {
      accessLog.write(
          principal, FamilySubjects.of(pregnancy, Set.of()), "invite-guardian", PURPOSE);
    }
    String link = DeepLinks.load().build("invitation", Map.of("code", code.display()));
    return new SharingBodies.CreatedInvitation(
        id,
        code.display(),
        link,
        InvitationQr.svg(link),
        expires,
        children.stream().map(FamilySharing::shared).toList(),
        pregnancies.stream().map(FamilySharing::shared).toList());
  }

  /** The invitations the guardian sent or accepted, newest first. */
  @Transactional
  public SharingBodies.Invitations invitations(Principal principal) {
    InvitationStore.Person person = guardian(principal);
    ProtectedSubject self = self(principal, person);
    guard.require(principal, AccessPolicy.Action.READ, self, "read-invitations", PURPOSE);
    List<SharingBodies.Invitation> list = new ArrayList<>();
    for (InvitationStore.Row row : store.of(person.id())) {
      list.add(body(row, person.id()));
    }
    accessLog.access(principal, self, "read-invitations", PURPOSE, true);
    return new SharingBodies.Invitations(list);
  }

  /**
   * Accepts with the code. Residents (no record here yet) and guardians may; a resident becomes a
   * person of the invitation's municipality with the name and date of birth they give.
   */
  public SharingBodies.Accepted accept(Principal principal, SharingBodies.Acceptance request) {
    if (principal.role() != Role.GUARDIAN && principal.role() != Role.RESIDENT) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Invitations are accepted by parents with their own login.");
    }
    validate(request);
    InvitationCodes.Code code =
        InvitationCodes.parse(request.code())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.SHARING_CODE_MALFORMED,
                        "An invitation code has 12 letters and digits, like K7QM-2XRD-9FHT.",
                        List.of(
                            new ProblemException.FieldError("code", "not an invitation code"))));
    InvitationAcceptance.Outcome outcome =
        acceptance.attempt(principal, code, request.relationship(), request.person());
    if (outcome.refusal() != null) {
      throw new ProblemException(outcome.refusal(), outcome.detail());
    }
    InvitationStore.Row accepted = outcome.invitation();
    return new SharingBodies.Accepted(
        body(accepted, accepted.inviteePersonId()), outcome.newPerson());
  }

  /**
   * Ends an invitation: the inviter cancels one still pending or revokes one accepted; the invitee
   * leaves one they accepted. Access it granted ends with this transaction. Guardianship the
   * municipality registered is never touched: only what an invitation granted can end here.
   */
  @Transactional
  public SharingBodies.Invitation end(Principal principal, UUID invitationId) {
    InvitationStore.Person person = guardian(principal);
    InvitationStore.Row row =
        store
            .forUpdate(invitationId)
            .filter(
                r ->
                    person.id().equals(r.inviterPersonId())
                        || person.id().equals(r.inviteePersonId()))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.SHARING_INVITATION_NOT_FOUND,
                        "You sent or accepted no invitation with this id."));
    boolean inviter = person.id().equals(row.inviterPersonId());
    Instant now = clock.instant();
    if ("pending".equals(row.status()) && inviter) {
      store.endPending(row.id(), "cancelled", now);
      store.event(row, "cancelled", "inviter", row.childIds(), row.pregnancyIds(), now);
    } else if ("accepted".equals(row.status())) {
      List<UUID> children = store.grantedChildren(row.id());
      List<UUID> pregnancies = store.grantedPregnancies(row.id());
      store.endAccepted(row.id(), inviter ? "revoked" : "left", now);
      store.event(
          row,
          inviter ? "revoked" : "left",
          inviter ? "inviter" : "invitee",
          children,
          pregnancies,
          now);
      for (UUID child : children) {
        accessLog.write(
            principal, InvitationAcceptance.subject("child", child, row), "end-sharing", PURPOSE);
      }
      for (UUID pregnancy : pregnancies) {
        accessLog.write(
            principal,
            InvitationAcceptance.subject("pregnancy", pregnancy, row),
            "end-sharing",
            PURPOSE);
      }
    } else {
      throw new ProblemException(
          ErrorCode.SHARING_INVITATION_ENDED,
          "This invitation is " + row.visibleStatus(now) + "; there is nothing left to end.");
    }
    return body(store.find(row.id()).orElseThrow(), person.id());
  }

  /** The sharing log of the guardian's family. */
  @Transactional
  public SharingBodies.SharingLog log(Principal principal) {
    InvitationStore.Person person = guardian(principal);
    ProtectedSubject self = self(principal, person);
    guard.require(principal, AccessPolicy.Action.READ, self, "read-sharing-log", PURPOSE);
    List<SharingBodies.SharingEvent> events = store.log(person.id());
    accessLog.access(principal, self, "read-sharing-log", PURPOSE, true);
    return new SharingBodies.SharingLog(events);
  }

  static final String PURPOSE = InvitationAcceptance.PURPOSE;

  private InvitationStore.Person guardian(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only guardians share their family's handbooks.");
    }
    return store
        .personByLogin(principal.subject())
        .orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.ACCOUNT_NO_PERSON, "No account on record for this login."));
  }

  /** The guardian's own record as the access policy sees it. */
  static ProtectedSubject self(Principal principal, InvitationStore.Person person) {
    return new ProtectedSubject(
        "person", person.id(), person.municipalityId(), Set.of(principal.subject()), Set.of());
  }

  private SharingBodies.Invitation body(InvitationStore.Row row, UUID viewer) {
    List<SharingBodies.SharedChild> children = new ArrayList<>();
    for (UUID id : row.childIds()) {
      families.child(id).map(FamilySharing::shared).ifPresent(children::add);
    }
    List<SharingBodies.SharedPregnancy> pregnancies = new ArrayList<>();
    for (UUID id : row.pregnancyIds()) {
      families.pregnancy(id).map(FamilySharing::shared).ifPresent(pregnancies::add);
    }
    return new SharingBodies.Invitation(
        row.id(),
        viewer != null && viewer.equals(row.inviterPersonId()) ? "inviter" : "invitee",
        row.visibleStatus(clock.instant()),
        row.inviterName(),
        row.inviteeName(),
        row.relationship(),
        children,
        pregnancies,
        row.createdAt(),
        row.expiresAt(),
        row.acceptedAt(),
        row.endedAt());
  }

  private static SharingBodies.SharedChild shared(Child child) {
    return new SharingBodies.SharedChild(child.id(), child.displayName(), child.birthDate());
  }

  private static SharingBodies.SharedPregnancy shared(Pregnancy pregnancy) {
    return new SharingBodies.SharedPregnancy(
        pregnancy.id(),
        FamilyBodies.handbookNumber(pregnancy.municipalityCode(), pregnancy.handbookNumber()),
        pregnancy.expectedDeliveryDate());
  }

  private static ProblemException notYours(String what) {
    return new ProblemException(
        ErrorCode.SHARING_NOT_YOURS,
        "You can share only the children you are a guardian of and your own pregnancy ("
            + what
            + ").");
  }

  private static List<UUID> distinct(List<UUID> ids, String field) {
    if (ids == null) {
      return List.of();
    }
    if (ids.stream().anyMatch(java.util.Objects::isNull)) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          field + ": ids, none of them null.",
          List.of(new ProblemException.FieldError(field, "ids, none of them null")));
    }
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  private void validate(SharingBodies.Acceptance request) {
    List<ProblemException.FieldError> errors = new ArrayList<>();
    if (request.relationship() == null || !RELATIONSHIPS.contains(request.relationship())) {
      errors.add(new ProblemException.FieldError("relationship", "father or other"));
    }
    SharingBodies.NewPerson person = request.person();
    if (person != null) {
      if (blank(person.familyName()) || person.familyName().length() > 100) {
        errors.add(new ProblemException.FieldError("person.familyName", "1 to 100 characters"));
      }
      if (blank(person.givenName()) || person.givenName().length() > 100) {
        errors.add(new ProblemException.FieldError("person.givenName", "1 to 100 characters"));
      }
      LocalDate today = LocalDate.now(clock);
      if (person.birthDate() == null
          || person.birthDate().isAfter(today.minusYears(12))
          || person.birthDate().isBefore(today.minusYears(120))) {
        errors.add(
            new ProblemException.FieldError(
                "person.birthDate", "a date of birth of someone 12 to 120 years old"));
      }
      if (person.sex() != null && !SEXES.contains(person.sex())) {
        errors.add(new ProblemException.FieldError("person.sex", "female, male, other or unknown"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY, "The acceptance cannot be used as sent.", errors);
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
