package app.sukoyaka.phr.myportal;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.MunicipalStaff;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Settling a conflict between a record retrieved from My Portal and ours, by the guardian (in the
 * app) or by the municipality's staff (the work list {@code myportal-conflicts}): take the portal's
 * values — our record is corrected to them through the same correction as every other (its replaced
 * version kept in the record's history, and ours as the conflict found it kept on the conflict) —
 * or keep ours. Either way the conflict records who settled it and when, the portal's record keeps
 * its provenance, and retrieving again brings no new conflict unless the portal's values change
 * again (the provenance still holds the content settled). Refused when our record changed or was
 * withdrawn since the conflict was found: nothing is applied over a record nobody compared.
 */
@Singleton
public class MyPortalSettlements {
  static final String SETTLE = "settle-my-portal-conflict";
  public static final String PORTAL = "portal";
  public static final String OURS = "ours";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final MyPortalStore store;
  private final MyPortalLinks links;
  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final VaccinationRules rules;
  private final VaccineCatalog vaccines;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final MunicipalStaff staff;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  MyPortalSettlements(
      MyPortalStore store,
      MyPortalLinks links,
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      VaccineCatalog vaccines,
      AccessGuard guard,
      AccessLog accessLog,
      MunicipalStaff staff,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.store = store;
    this.links = links;
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.rules = new VaccinationRules(vaccines);
    this.vaccines = vaccines;
    this.guard = guard;
    this.accessLog = accessLog;
    this.staff = staff;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * A settled conflict.
   *
   * @param replaced our record's content as the conflict found it, when the portal's values were
   *     taken; else null
   */
  public record Settled(
      UUID conflictId,
      String recordType,
      UUID localRecordId,
      String choice,
      String settledBy,
      String settledByRole,
      Instant settledAt,
      JsonNode replaced) {}

  /** The guardian settles one of the conflicts of their own links. */
  public Settled byGuardian(Principal principal, UUID conflictId, String choice) {
    Guardian guardian = links.guardian(principal);
    requireChoice(choice);
    MyPortalStore.Conflict found =
        transactions
            .executeRead(status -> store.conflict(conflictId, false))
            .filter(c -> c.personId().equals(guardian.personId()))
            .orElseThrow(MyPortalSettlements::notFound);
    return settle(principal, found, choice);
  }

  /** Staff of the conflict's municipality settle it. */
  public Settled byStaff(
      Principal principal, String municipalityCode, UUID conflictId, String choice) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, SETTLE, MyPortalLinks.PURPOSE);
    requireChoice(choice);
    MyPortalStore.Conflict found =
        transactions
            .executeRead(status -> store.conflict(conflictId, false))
            .filter(c -> c.municipalityId().equals(municipality.id()))
            .orElseThrow(MyPortalSettlements::notFound);
    return settle(principal, found, choice);
  }

  private Settled settle(Principal principal, MyPortalStore.Conflict found, String choice) {
    ProtectedSubject subject = subjectOf(found).orElseThrow(MyPortalSettlements::notFound);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, SETTLE, MyPortalLinks.PURPOSE);
    Instant now = clock.instant();
    return transactions.executeWrite(
        status -> {
          MyPortalStore.Conflict conflict = store.conflict(found.id(), true).orElseThrow();
          if (!"open".equals(conflict.status())) {
            throw new ProblemException(
                ErrorCode.MY_PORTAL_CONFLICT_NOT_OPEN,
                "This conflict is "
                    + conflict.status()
                    + " already; the conflicts list shows those still open.");
          }
          JsonNode replaced = null;
          if (PORTAL.equals(choice)) {
            replaced = parse(conflict.ours());
            if (conflict.type() == PortalRecordType.IMMUNIZATION) {
              takeDose(principal, conflict, now);
            } else {
              takeCheckup(principal, conflict, now);
            }
            // Ours now reads as the portal's record: the same as one we have.
            store.provenanceOutcome(conflict.type(), conflict.portalRecordId(), "linked");
          }
          store.settle(
              conflict.id(), choice, principal.actorId(), principal.role().claim(), now, replaced);
          accessLog.write(principal, subject, SETTLE, MyPortalLinks.PURPOSE);
          return new Settled(
              conflict.id(),
              conflict.type().code(),
              conflict.localId(),
              choice,
              principal.actorId(),
              principal.role().claim(),
              now,
              replaced);
        });
  }

  private Optional<ProtectedSubject> subjectOf(MyPortalStore.Conflict conflict) {
    return conflict.childId() != null
        ? families.child(conflict.childId()).map(FamilySubjects::of)
        : families.pregnancy(conflict.pregnancyId()).map(p -> FamilySubjects.of(p, Set.of()));
  }

  // --- Taking the portal's values ------------------------------------------------------------

  private void takeDose(Principal principal, MyPortalStore.Conflict conflict, Instant now) {
    StoredImmunization stored =
        immunizations
            .find(conflict.localId())
            .filter(s -> !s.retracted())
            .orElseThrow(() -> changed("our vaccination record was withdrawn"));
    ImmunizationRecord ours = stored.record();
    JsonNode asFound = parse(conflict.ours());
    Map<String, String> theirs = new LinkedHashMap<>();
    for (JsonNode d : parse(conflict.differences())) {
      theirs.put(d.path("item").asText(), d.path("theirs").asText(null));
    }
    // Only what the conflict compared may differ from what it found.
    if (!same(asFound.path("dose").asText(null), ours.doseLabel())
        || !same(asFound.path("lotNumber").asText(null), ours.lotNumber())
        || !same(asFound.path("product").asText(null), ours.product())) {
      throw changed("our vaccination record was corrected after the conflict was found");
    }
    VaccinationRules.Checked checked;
    try {
      checked =
          rules.check(
              new VaccinationDraft(
                  List.of(
                      ours.vaccineKind() == null
                          ? ours.vaccine()
                          : new ImmunizationRecord.Coding(
                              SukoyakaCanonicals.VACCINE_KIND_SYSTEM,
                              ours.vaccineKind(),
                              vaccines
                                  .kind(ours.vaccineKind())
                                  .map(k -> k.label().ja())
                                  .orElse(null))),
                  ours.occurrenceDate(),
                  theirs.getOrDefault("product", ours.product()),
                  theirs.getOrDefault("dose", ours.doseLabel()),
                  null,
                  ours.routine(),
                  theirs.getOrDefault("lotNumber", ours.lotNumber()),
                  ours.performerName(),
                  null,
                  ours.country(),
                  ours.note()),
              person(conflict),
              LocalDate.now(clock.withZone(JAPAN)),
              ours.vaccineKind() != null);
    } catch (ImmunizationEntryException e) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_CONFLICT_RECORD_CHANGED,
          "The portal's values break a rule of our records: " + e.getMessage());
    }
    ImmunizationRecord corrected =
        new ImmunizationRecord(
            ours.id(),
            ours.municipalityId(),
            ours.childId(),
            ours.pregnancyId(),
            ours.occurrenceDate(),
            ours.vaccine(),
            ours.vaccineKind(),
            checked.product(),
            theirs.getOrDefault("lotNumber", ours.lotNumber()),
            checked.doseLabel(),
            ours.routine(),
            ours.source(),
            ours.verification(),
            ours.verifiedBy(),
            ours.verifiedAt(),
            ours.country(),
            ours.facilityId(),
            ours.performerName(),
            ours.note(),
            ours.version(),
            ours.submissionId(),
            ours.recordedByRole(),
            ours.recordedBy(),
            ours.recordedAt(),
            now,
            checked.credits());
    if (!immunizations.correct(corrected, stored.version(), principal.actorId(), now)) {
      throw changed("our vaccination record changed meanwhile");
    }
  }

  private VaccinationRules.Person person(MyPortalStore.Conflict conflict) {
    if (conflict.childId() == null) {
      return new VaccinationRules.Person(Subject.MOTHER, null, "female");
    }
    Child child = families.child(conflict.childId()).orElseThrow();
    return new VaccinationRules.Person(Subject.CHILD, child.birthDate(), child.sex());
  }

  private void takeCheckup(Principal principal, MyPortalStore.Conflict conflict, Instant now) {
    Checkup checkup =
        checkups
            .checkup(conflict.localId())
            .orElseThrow(() -> changed("our checkup is no longer on record"));
    // The findings the import compared: current, about the visit's own subject.
    Map<String, Checkup.Finding> current = new LinkedHashMap<>();
    for (Checkup.Finding finding : checkup.findings()) {
      if (!"entered-in-error".equals(finding.status()) && finding.childId() == null) {
        current.put(finding.itemCode(), finding);
      }
    }
    JsonNode theirValues = parse(conflict.theirs()).path("values");
    Map<String, FindingValue> wanted = new LinkedHashMap<>();
    for (JsonNode d : parse(conflict.differences())) {
      String item = d.path("item").asText();
      Checkup.Finding finding = current.get(item);
      if (finding == null
          || !PortalRecordMapper.comparable(finding.value()).equals(d.path("ours").asText())) {
        throw changed("our finding " + item + " was corrected or withdrawn after the conflict");
      }
      try {
        wanted.put(item, PortalValues.like(finding.value(), theirValues.path(item).asText(null)));
      } catch (RuntimeException e) {
        // A number, day or moment that does not parse, or another unit.
        throw changed("the portal's value of " + item + " does not fit ours: " + e.getMessage());
      }
    }
    if (wanted.isEmpty()) {
      throw changed("the conflict names no value of ours to replace (our record is gone)");
    }
    Map<UUID, List<Checkup.Finding>> observations = new LinkedHashMap<>();
    for (Checkup.Finding finding : checkup.findings()) {
      if (finding.isObservation() && !"entered-in-error".equals(finding.status())) {
        observations.computeIfAbsent(finding.observationId(), k -> new ArrayList<>()).add(finding);
      }
    }
    for (Map.Entry<UUID, List<Checkup.Finding>> observation : observations.entrySet()) {
      boolean touched =
          observation.getValue().stream()
              .anyMatch(f -> f.childId() == null && wanted.containsKey(f.itemCode()));
      if (!touched) {
        continue;
      }
      List<NewCheckup.NewFinding> replacement = new ArrayList<>();
      for (Checkup.Finding finding : observation.getValue()) {
        FindingValue value =
            finding.childId() == null && wanted.containsKey(finding.itemCode())
                ? wanted.get(finding.itemCode())
                : finding.value();
        replacement.add(
            new NewCheckup.NewFinding(
                Ids.newId(),
                observation.getKey(),
                finding.itemCode(),
                value,
                finding.sourceSystem(),
                finding.sourceCode(),
                finding.childId(),
                finding.resourceType(),
                finding.authoredAt()));
      }
      checkups.correct(observation.getKey(), replacement, "corrected", principal.actorId(), now);
    }
  }

  // --- Small things --------------------------------------------------------------------------

  static void requireChoice(String choice) {
    if (!PORTAL.equals(choice) && !OURS.equals(choice)) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_CONFLICT_CHOICE_INVALID,
          "choice: portal (take the portal's values) or ours (keep ours).",
          List.of(new FieldError("choice", "portal or ours")));
    }
  }

  private static boolean same(String a, String b) {
    return Objects.equals(blankToNull(a), blankToNull(b));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static ProblemException notFound() {
    return new ProblemException(
        ErrorCode.MY_PORTAL_CONFLICT_NOT_FOUND, "No such My Portal conflict of yours.");
  }

  private static ProblemException changed(String why) {
    return new ProblemException(
        ErrorCode.MY_PORTAL_CONFLICT_RECORD_CHANGED,
        "The portal's values were not taken: "
            + why
            + ". Retrieve from My Portal again to compare anew, or keep ours.");
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
