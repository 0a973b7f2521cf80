package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.NewChild;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.MunicipalStaff;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.municipality.transfer.HandbookPackage.HandbookNumber;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.municipality.transfer.HandbookPackage.Skipped;
import app.sukoyaka.municipality.transfer.TransferChecks.CheckedCheckup;
import app.sukoyaka.municipality.transfer.TransferChecks.CheckedVaccination;
import app.sukoyaka.municipality.transfer.TransferContent.ContentFinding;
import app.sukoyaka.municipality.transfer.TransferStore.ConflictRow;
import app.sukoyaka.municipality.transfer.TransferStore.ImportRow;
import app.sukoyaka.municipality.transfer.TransferStore.ProvenanceRow;
import app.sukoyaka.municipality.transfer.TransferStore.TransferRow;
import app.sukoyaka.notice.reminder.ChildReminders;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfer-in (転入): a child's records taken over from the previous municipality — its whole
 * handbook as a FHIR Bundle, or the mandatory items entered by hand — into a child of this
 * municipality, created for it when the child is new here. Every record keeps where it came from
 * (which municipality first registered it, its id there, which transfer and import brought it). A
 * record already taken over is recognised, so the same handbook twice adds nothing; a record the
 * sender changed, withdrew or no longer has is listed as a conflict for staff to decide, never
 * applied silently. Anything wrong in the input is reported all at once and nothing is stored.
 *
 * <p>Staff bring records from the previous municipality without the family's consent, as seed 000
 * (3) allows; a guardian may bring their own download with their consent, and what they bring stays
 * unverified until staff confirm it (a file in the family's hands could have been edited). The
 * child's forecast counts the doses at once and its reminders are planned the same day.
 */
@Singleton
public class TransfersIn {
  private static final Logger LOG = LoggerFactory.getLogger(TransfersIn.class);
  static final String PURPOSE = "transfer";
  private static final Set<String> RELATIONSHIPS = Set.of("mother", "father", "other");

  private final TransferFormat format;
  private final TransferStore store;
  private final TransferRules rules;
  private final TransferChecks checks;
  private final AnswerChecks answers;
  private final VaccinationRules vaccinationRules;
  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final ImmunizationRecords records;
  private final CheckupItemCatalog catalog;
  private final VaccineCatalog vaccines;
  private final MunicipalStaff staff;
  private final MunicipalityRepository municipalities;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final ChildReminders reminders;
  private final app.sukoyaka.family.records.OwnRecords ownRecords;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;
  private final PregnancyTransferStore pregnancyStore;
  private final HeldContents contents;

  TransfersIn(
      TransferFormat format,
      TransferStore store,
      TransferRules rules,
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      ImmunizationRecords records,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      MunicipalStaff staff,
      MunicipalityRepository municipalities,
      AccessGuard guard,
      AccessLog accessLog,
      ChildReminders reminders,
      TransactionOperations<Connection> transactions,
      Clock clock,
      app.sukoyaka.family.records.OwnRecords ownRecords,
      PregnancyTransferStore pregnancyStore,
      HeldContents contents) {
    this.contents = contents;
    this.ownRecords = ownRecords;
    this.pregnancyStore = pregnancyStore;
    this.format = format;
    this.store = store;
    this.rules = rules;
    this.vaccinationRules = new VaccinationRules(vaccines);
    this.checks = new TransferChecks(catalog, vaccinationRules);
    this.answers = new AnswerChecks(catalog);
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.records = records;
    this.catalog = catalog;
    this.vaccines = vaccines;
    this.staff = staff;
    this.municipalities = municipalities;
    this.guard = guard;
    this.accessLog = accessLog;
    this.reminders = reminders;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * What a request brings.
   *
   * @param bundle the handbook Bundle as JSON, or null
   * @param items the mandatory items as JSON, or null (exactly one of the two)
   * @param patientId which Patient of a collection Bundle is the child, or null
   * @param previous the previous municipality as the request names it, or null
   * @param guardians persons of this municipality who become the new child's guardians
   * @param consent whether the family consented (required when the family brings it)
   */
  public record Source(
      String bundle,
      JsonNode items,
      String patientId,
      Sender previous,
      List<Guardian> guardians,
      boolean consent) {
    public Source {
      guardians = guardians == null ? List.of() : List.copyOf(guardians);
    }

    String format() {
      return bundle != null ? "bundle" : "items";
    }
  }

  /** A person of the municipality who becomes a guardian, and how they are related. */
  public record Guardian(UUID personId, String relationship) {}

  /**
   * What an import did.
   *
   * @param repeated the same content was taken in before: nothing changed
   * @param childCreated the child was recorded here by this transfer
   */
  public record Outcome(
      TransferRow transfer,
      ImportRow imported,
      boolean repeated,
      boolean childCreated,
      List<Skipped> skipped,
      List<ConflictRow> conflicts) {}

  // --- Taking records in -------------------------------------------------------------------

  /**
   * Staff take a child's handbook over from the previous municipality: into the child of this
   * municipality that carries the same handbook if it moved in before, else into a child recorded
   * now with the guardians named.
   */
  public Outcome transferIn(Principal principal, String municipalityCode, Source source) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, "transfer-in", PURPOSE);
    Read read = read(source, null, municipality);
    return run(principal, municipality, null, null, source, read, "staff", null);
  }

  /**
   * Records taken into a child of this municipality: by staff, or by a guardian of the child with
   * their consent (their own download; unverified until staff confirm).
   */
  public Outcome importForChild(Principal principal, UUID childId, Source source) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    if (principal.role() != Role.STAFF && principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Records are taken over by municipal staff or the family.");
    }
    guard.require(
        principal, AccessPolicy.Action.WRITE, records.subjectOf(child), "transfer-in", PURPOSE);
    boolean family = principal.role() == Role.GUARDIAN;
    if (family && !source.consent()) {
      throw new ProblemException(
          ErrorCode.TRANSFER_CONSENT_REQUIRED,
          "consent: the family consents to their records being added to this handbook and seen"
              + " by the municipality's staff.",
          List.of(new FieldError("consent", "must be true")));
    }
    MunicipalityRow municipality = municipalities.findById(child.municipalityId()).orElseThrow();
    Read read = read(source, null, municipality);
    return run(
        principal,
        municipality,
        child,
        null,
        source,
        read,
        family ? "family" : "staff",
        family ? clock.instant() : null);
  }

  /**
   * A newer handbook (the re-query) or corrected records from the previous municipality, into the
   * transfer they belong to. A whole handbook imported once the re-query is due completes it.
   */
  public Outcome importForTransfer(
      Principal principal, String municipalityCode, UUID transferId, Source source) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, "transfer-in", PURPOSE);
    TransferRow transfer = transferOf(municipality, transferId);
    Read read = read(source, new Sender(transfer.fromCode(), transfer.fromName()), municipality);
    Child child = families.child(transfer.childId()).orElseThrow();
    return run(principal, municipality, child, transfer, source, read, "staff", null);
  }

  /** A package read and the previous municipality it came from. */
  private record Read(HandbookPackage handbook, Sender previous, String sha256, String payload) {}

  private Read read(Source source, Sender fixed, MunicipalityRow municipality) {
    if ((source.bundle() == null) == (source.items() == null)) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "Bring either bundle (a handbook Bundle) or items (the mandatory items), not both.",
          List.of(new FieldError("bundle", "bundle or items")));
    }
    if (source.bundle() != null) {
      HandbookPackage handbook = format.read(source.bundle(), source.patientId());
      answers.require(handbook.checkups());
      Sender previous = previous(source.previous(), handbook.sender(), fixed, municipality);
      String canonical;
      try {
        canonical = TransferContent.JSON.readTree(source.bundle()).toString();
      } catch (java.io.IOException e) {
        throw new ProblemException(ErrorCode.TRANSFER_BUNDLE_UNREADABLE, "bundle is not JSON.");
      }
      return new Read(handbook, previous, TransferContent.sha256(canonical), canonical);
    }
    Sender previous = previous(source.previous(), null, fixed, municipality);
    List<FieldError> errors = new ArrayList<>();
    HandbookPackage handbook =
        TransferContent.items(source.items(), previous, catalog, vaccines, errors);
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          errors.size()
              + " problem(s) in the items; nothing was taken over. "
              + errors.get(0).field()
              + ": "
              + errors.get(0).message(),
          errors);
    }
    String canonical = source.items().toString();
    return new Read(handbook, previous, TransferContent.sha256(canonical), canonical);
  }

  /** The previous municipality: as the request and the handbook name it, the same one. */
  private static Sender previous(
      Sender requested, Sender inHandbook, Sender fixed, MunicipalityRow municipality) {
    Sender named = fixed != null ? fixed : requested != null ? requested : inHandbook;
    if (named == null || named.code() == null) {
      throw previousProblem(
          "Name the previous municipality (previousMunicipality: its 全国地方公共団体コード and"
              + " name); the handbook does not say who sent it.");
    }
    for (Sender other : new Sender[] {requested, inHandbook}) {
      if (other != null && other.code() != null && !other.code().equals(named.code())) {
        throw previousProblem(
            "The handbook was sent by "
                + other.code()
                + (other.name() == null ? "" : " (" + other.name() + ")")
                + ", not by the previous municipality "
                + named.code()
                + ".");
      }
    }
    if (!SukoyakaCanonicals.isMunicipalityCode(named.code())) {
      throw previousProblem(named.code() + " is not a 全国地方公共団体コード (6 digits with check digit).");
    }
    if (named.code().equals(municipality.code())) {
      throw previousProblem("A child moves in from another municipality, not from this one.");
    }
    String name =
        named.name() != null
            ? named.name()
            : requested != null && requested.name() != null
                ? requested.name()
                : inHandbook != null ? inHandbook.name() : null;
    if (name == null || name.isBlank()) {
      throw previousProblem("Name the previous municipality (previousMunicipality.name).");
    }
    return new Sender(named.code(), name.strip());
  }

  private static ProblemException previousProblem(String detail) {
    return new ProblemException(
        ErrorCode.TRANSFER_PREVIOUS_MUNICIPALITY,
        detail,
        List.of(new FieldError("previousMunicipality", "the municipality the child moved from")));
  }

  /** What an import will write, worked out before anything is. */
  private static final class Plan {
    final List<ImmunizationRecord> newVaccinations = new ArrayList<>();
    final List<NewCheckup> newCheckups = new ArrayList<>();
    final List<ProvenanceRow> provenance = new ArrayList<>();
    final List<ConflictRow> conflicts = new ArrayList<>();
    final List<Skipped> skipped = new ArrayList<>();
    int unchanged;
  }

  private Outcome run(
      Principal principal,
      MunicipalityRow municipality,
      Child knownChild,
      TransferRow knownTransfer,
      Source source,
      Read read,
      String broughtBy,
      Instant consentAt) {
    HandbookPackage handbook = read.handbook();
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock);
    boolean[] created = new boolean[1];
    Outcome outcome =
        transactions.executeWrite(
            status -> {
              Child child = knownChild;
              if (child == null) {
                child = childFor(principal, municipality, handbook, source, now, created);
              }
              requireSameChild(child, handbook);
              ProtectedSubject subject = records.subjectOf(child);
              boolean newTransfer = false;
              TransferRow transfer =
                  knownTransfer != null
                      ? store.transfer(knownTransfer.id(), true).orElseThrow()
                      : store.transferOf(child.id(), read.previous().code()).orElse(null);
              if (transfer == null) {
                transfer = newTransfer(principal, municipality, child, handbook, read, now, today);
                store.insertTransfer(transfer);
                newTransfer = true;
              }
              // Clinics here name the child by the handbook the family carries: every number
              // the handbook names now finds this child.
              store.insertHandbookNumbers(
                  child, transfer.id(), handbook.child().handbookNumbers(), now);
              Optional<ImportRow> before = store.importBySha(transfer.id(), read.sha256());
              if (before.isPresent()) {
                accessLog.write(principal, subject, "transfer-in-repeated", PURPOSE);
                return new Outcome(transfer, before.get(), true, false, List.of(), List.of());
              }
              List<FieldError> errors = new ArrayList<>();
              TransferChecks.Checked checked =
                  checks.check(
                      handbook,
                      child.birthDate(),
                      child.sex(),
                      today,
                      source.items() != null,
                      errors);
              if (!errors.isEmpty()) {
                throw new ProblemException(
                    ErrorCode.TRANSFER_RECORDS_INVALID,
                    errors.size()
                        + " record(s) break the rules; nothing was taken over. "
                        + errors.get(0).field()
                        + ": "
                        + errors.get(0).message(),
                    errors.subList(0, Math.min(100, errors.size())));
              }
              UUID importId = Ids.newId();
              Plan plan =
                  plan(
                      principal,
                      child,
                      transfer,
                      importId,
                      read,
                      checked,
                      broughtBy,
                      !newTransfer,
                      // The items staff enter are what they have, not a whole handbook.
                      source.bundle() != null && handbook.kind() == HandbookPackage.Kind.HANDBOOK,
                      now);
              plan.skipped.addAll(0, handbook.skipped());
              // What the family wrote themselves in the handbook they carry, taken over as theirs.
              if (!handbook.ownRecords().isEmpty()) {
                ownRecords
                    .takeOver(
                        child.id(),
                        child.municipalityId(),
                        child.birthDate(),
                        handbook.ownRecords(),
                        principal.actorId(),
                        now)
                    .forEach(
                        (id, why) ->
                            plan.skipped.add(
                                new Skipped("Observation/" + id, "own record refused: " + why)));
              }
              ImportRow imported =
                  new ImportRow(
                      importId,
                      transfer.id(),
                      source.format(),
                      handbook.kind().code(),
                      handbook.documentId(),
                      broughtBy,
                      consentAt,
                      principal.actorId(),
                      now,
                      plan.newVaccinations.size() + plan.newCheckups.size(),
                      plan.unchanged,
                      plan.conflicts.size(),
                      skippedJson(plan.skipped));
              store.insertImport(imported, municipality.id(), read.sha256(), read.payload());
              if (!plan.newCheckups.isEmpty()) {
                checkups.store(plan.newCheckups, null, now);
              }
              if (!plan.newVaccinations.isEmpty()) {
                immunizations.store(plan.newVaccinations, Map.of());
              }
              for (ProvenanceRow row : plan.provenance) {
                store.insertProvenance(row, municipality.id());
              }
              for (ConflictRow conflict : plan.conflicts) {
                store.insertConflict(conflict);
              }
              if ("staff".equals(broughtBy)
                  && handbook.kind() == HandbookPackage.Kind.HANDBOOK
                  && !newTransfer
                  && !transfer.requeryDone()
                  && !transfer.requeryDue().isAfter(today)) {
                store.completeRequery(transfer.id(), principal.actorId(), now, importId, null);
              }
              accessLog.write(principal, subject, "transfer-in", PURPOSE);
              TransferRow current = store.transfer(transfer.id(), false).orElseThrow();
              return new Outcome(
                  current, imported, false, created[0], plan.skipped, plan.conflicts);
            });
    if (!outcome.repeated()) {
      planReminders(outcome.transfer().childId());
    }
    return outcome;
  }

  /** The forecast counts the doses at once; the reminders due today are planned now. */
  private void planReminders(UUID childId) {
    try {
      reminders.planNow(childId);
    } catch (RuntimeException e) {
      // The records are stored; the daily run plans what this could not.
      LOG.warn("Reminders of child {} moved in not planned now", childId, e);
    }
  }

  private static String skippedJson(List<Skipped> skipped) {
    ArrayNode list = TransferContent.JSON.createArrayNode();
    for (Skipped s : skipped) {
      list.addObject().put("resource", s.resource()).put("reason", s.reason());
    }
    return list.toString();
  }

  /** The child the handbook is of: one that moved in with it before, else one recorded now. */
  private Child childFor(
      Principal principal,
      MunicipalityRow municipality,
      HandbookPackage handbook,
      Source source,
      Instant now,
      boolean[] created) {
    // In one order, so that two transfers of children carrying the same handbooks cannot deadlock.
    handbook.child().handbookNumbers().stream()
        .sorted(
            java.util.Comparator.comparing(HandbookNumber::municipalityCode)
                .thenComparing(HandbookNumber::number))
        .forEach(n -> store.lockHandbook(municipality.id(), n.municipalityCode(), n.number()));
    for (HandbookNumber number : handbook.child().handbookNumbers()) {
      Optional<TransferRow> before =
          store.transferByHandbook(
              municipality.id(),
              number.municipalityCode(),
              number.number(),
              handbook.child().birthOrder());
      if (before.isPresent()) {
        return families.child(before.get().childId()).orElseThrow();
      }
    }
    Set<UUID> personIds = new HashSet<>();
    for (Guardian guardian : source.guardians()) {
      // Set.of(...).contains(null) throws: a missing relationship is checked first.
      if (guardian.personId() == null
          || guardian.relationship() == null
          || !RELATIONSHIPS.contains(guardian.relationship())) {
        throw new ProblemException(
            ErrorCode.INVALID_BODY,
            "guardians: each names personId and relationship (mother, father or other).",
            List.of(new FieldError("guardians", "personId and relationship")));
      }
      personIds.add(guardian.personId());
    }
    List<UUID> known =
        personIds.isEmpty() ? List.of() : store.personsOf(municipality.id(), personIds);
    if (known.size() != personIds.size()) {
      Set<UUID> unknown = new HashSet<>(personIds);
      known.forEach(unknown::remove);
      throw new ProblemException(
          ErrorCode.TRANSFER_GUARDIAN_UNKNOWN,
          "Not a person of this municipality: " + unknown + ".",
          List.of(new FieldError("guardians", "persons of this municipality")));
    }
    HandbookPackage.PackageChild named = handbook.child();
    NewChild child =
        new NewChild(
            Ids.newId(),
            municipality.id(),
            null,
            null,
            null,
            named.familyName(),
            named.givenName(),
            named.familyNameKana(),
            named.givenNameKana(),
            named.birthDate(),
            named.sex(),
            named.birthOrder());
    families.createChild(child, now);
    for (Guardian guardian : source.guardians()) {
      families.addGuardian(
          guardian.personId(), child.id(), guardian.relationship(), LocalDate.now(clock));
    }
    created[0] = true;
    accessLog.write(
        principal,
        new ProtectedSubject("child", child.id(), municipality.id(), Set.of(), Set.of()),
        "record-child-moved-in",
        PURPOSE);
    return families.child(child.id()).orElseThrow();
  }

  private static void requireSameChild(Child child, HandbookPackage handbook) {
    HandbookPackage.PackageChild named = handbook.child();
    boolean sexDiffers =
        !named.sex().equals("unknown")
            && !child.sex().equals("unknown")
            && !named.sex().equals(child.sex());
    if (!child.birthDate().equals(named.birthDate()) || sexDiffers) {
      throw new ProblemException(
          ErrorCode.TRANSFER_OTHER_CHILD,
          "The handbook is of a child born "
              + named.birthDate()
              + " ("
              + named.sex()
              + "); this child was born "
              + child.birthDate()
              + " ("
              + child.sex()
              + "). Nothing was taken over.");
    }
  }

  private TransferRow newTransfer(
      Principal principal,
      MunicipalityRow municipality,
      Child child,
      HandbookPackage handbook,
      Read read,
      Instant now,
      LocalDate today) {
    // The handbook the child carries: one issued elsewhere (a handbook is not issued again).
    HandbookNumber carried =
        handbook.child().handbookNumbers().stream()
            .filter(n -> !n.municipalityCode().equals(municipality.code()))
            .findFirst()
            .orElse(null);
    return new TransferRow(
        Ids.newId(),
        municipality.id(),
        child.id(),
        read.previous().code(),
        read.previous().name(),
        carried == null ? null : carried.municipalityCode(),
        carried == null ? null : carried.number(),
        handbook.child().birthOrder(),
        principal.actorId(),
        now,
        today.plus(rules.requeryAfter()),
        null,
        null,
        null,
        null);
  }

  /** Decides for every record of the package: add it, leave it, or list a conflict. */
  private Plan plan(
      Principal principal,
      Child child,
      TransferRow transfer,
      UUID importId,
      Read read,
      TransferChecks.Checked checked,
      String broughtBy,
      boolean existingTransfer,
      boolean wholeHandbook,
      Instant now) {
    Plan plan = new Plan();
    String fromCode = read.previous().code();
    Map<String, ProvenanceRow> provenance = store.provenanceOfChild(child.id());
    List<StoredImmunization> standing = immunizations.storedOfChild(child.id());
    List<Checkup> visits =
        checkups.forChild(child.id()).stream().filter(c -> child.id().equals(c.childId())).toList();
    Set<String> incomingKeys = new HashSet<>();
    Set<UUID> linked = new HashSet<>();

    for (CheckedVaccination vaccination : checked.vaccinations()) {
      RecordKey key = vaccination.incoming().key().withDefaultMunicipality(fromCode);
      incomingKeys.add(TransferStore.provenanceKey("immunization", key));
      ProvenanceRow known = provenance.get(TransferStore.provenanceKey("immunization", key));
      if (known != null) {
        compare(
            plan,
            child,
            transfer,
            importId,
            known,
            vaccination.content(),
            vaccination.digest(),
            vaccination.incoming().retracted(),
            now);
        continue;
      }
      Optional<StoredImmunization> same =
          standing.stream()
              .filter(s -> !linked.contains(s.record().id()))
              .filter(s -> sameVaccination(s.record(), vaccination))
              .findFirst();
      if (same.isPresent()) {
        linked.add(same.get().record().id());
        link(
            plan,
            child,
            transfer,
            importId,
            "immunization",
            key,
            vaccination.incoming().originSource(),
            same.get().record().id(),
            vaccination.content(),
            vaccination.digest(),
            vaccination.incoming().retracted(),
            now);
        continue;
      }
      if (vaccination.incoming().retracted()) {
        plan.skipped.add(
            new Skipped(
                key.id(), "withdrawn by the sender (entered in error); nothing to take over"));
        continue;
      }
      ImmunizationRecord record =
          newVaccination(principal, child, vaccination, broughtBy, read.previous(), now);
      plan.newVaccinations.add(record);
      plan.provenance.add(
          new ProvenanceRow(
              child.id(),
              "immunization",
              key,
              transfer.id(),
              importId,
              vaccination.incoming().originSource(),
              record.id(),
              vaccination.digest(),
              vaccination.content().toString(),
              now));
    }

    for (CheckedCheckup checkup : checked.checkups()) {
      RecordKey key = checkup.incoming().key().withDefaultMunicipality(fromCode);
      incomingKeys.add(TransferStore.provenanceKey("checkup", key));
      ProvenanceRow known = provenance.get(TransferStore.provenanceKey("checkup", key));
      if (known != null) {
        compare(
            plan,
            child,
            transfer,
            importId,
            known,
            checkup.content(),
            checkup.digest(),
            false,
            now);
        continue;
      }
      Optional<Checkup> same =
          visits.stream()
              .filter(v -> !linked.contains(v.id()))
              .filter(
                  v ->
                      v.kind().equals(checkup.incoming().kind())
                          && v.visitDate().equals(checkup.incoming().visitDate()))
              .findFirst();
      if (same.isPresent()) {
        linked.add(same.get().id());
        link(
            plan,
            child,
            transfer,
            importId,
            "checkup",
            key,
            null,
            same.get().id(),
            checkup.content(),
            checkup.digest(),
            false,
            now);
        continue;
      }
      NewCheckup stored = newCheckup(child, checkup, now);
      plan.newCheckups.add(stored);
      plan.provenance.add(
          new ProvenanceRow(
              child.id(),
              "checkup",
              key,
              transfer.id(),
              importId,
              null,
              stored.id(),
              checkup.digest(),
              checkup.content().toString(),
              now));
    }

    // A whole handbook from the same municipality no longer having a record taken from it before.
    if (existingTransfer && wholeHandbook) {
      for (ProvenanceRow row : provenance.values()) {
        if (!row.transferId().equals(transfer.id())
            || !row.fromBundle()
            || incomingKeys.contains(TransferStore.provenanceKey(row.recordType(), row.origin()))
            || TransferStore.MISSING.equals(row.contentSha256())
            || store.conflictListed(
                child.id(), row.recordType(), row.origin(), TransferStore.MISSING)) {
          continue;
        }
        Optional<ObjectNode> ours = ours(row.recordType(), row.localId());
        if (ours.isEmpty() || TransferContent.retracted(ours.get())) {
          continue;
        }
        plan.conflicts.add(
            conflict(
                child,
                transfer,
                importId,
                row.recordType(),
                row.origin(),
                row.localId(),
                "missing",
                ours.get(),
                null,
                TransferStore.MISSING,
                now));
      }
    }
    return plan;
  }

  /** A record taken over before: unchanged, or changed at the sender (a conflict, once). */
  private void compare(
      Plan plan,
      Child child,
      TransferRow transfer,
      UUID importId,
      ProvenanceRow known,
      ObjectNode theirs,
      String digest,
      boolean retracted,
      Instant now) {
    if (known.contentSha256().equals(digest)
        || store.conflictListed(child.id(), known.recordType(), known.origin(), digest)) {
      plan.unchanged++;
      return;
    }
    Optional<ObjectNode> ours = ours(known.recordType(), known.localId());
    if (ours.isEmpty()) {
      plan.unchanged++;
      return;
    }
    if (TransferContent.digest(ours.get()).equals(digest)) {
      // Ours reads as theirs already (staff here made the same correction).
      plan.unchanged++;
      return;
    }
    plan.conflicts.add(
        conflict(
            child,
            transfer,
            importId,
            known.recordType(),
            known.origin(),
            known.localId(),
            retracted ? "retracted" : "changed",
            ours.get(),
            theirs,
            digest,
            now));
  }

  /** A record of ours that is the incoming one (the same vaccine or visit on the same day). */
  private void link(
      Plan plan,
      Child child,
      TransferRow transfer,
      UUID importId,
      String type,
      RecordKey key,
      String originSource,
      UUID localId,
      ObjectNode theirs,
      String digest,
      boolean retracted,
      Instant now) {
    ObjectNode ours = ours(type, localId).orElseThrow();
    String oursDigest = TransferContent.digest(ours);
    plan.provenance.add(
        new ProvenanceRow(
            child.id(),
            type,
            key,
            transfer.id(),
            importId,
            originSource,
            localId,
            oursDigest,
            ours.toString(),
            now));
    if (oursDigest.equals(digest)) {
      plan.unchanged++;
      return;
    }
    plan.conflicts.add(
        conflict(
            child,
            transfer,
            importId,
            type,
            key,
            localId,
            retracted ? "retracted" : "changed",
            ours,
            theirs,
            digest,
            now));
  }

  private static ConflictRow conflict(
      Child child,
      TransferRow transfer,
      UUID importId,
      String type,
      RecordKey origin,
      UUID localId,
      String reason,
      ObjectNode ours,
      ObjectNode theirs,
      String theirsSha256,
      Instant now) {
    return new ConflictRow(
        Ids.newId(),
        child.municipalityId(),
        transfer.id(),
        importId,
        child.id(),
        type,
        origin,
        localId,
        reason,
        ours.toString(),
        theirs == null ? null : theirs.toString(),
        theirsSha256,
        "open",
        null,
        null,
        null,
        now,
        null,
        null);
  }

  /** Our record's content now, if it exists. */
  private Optional<ObjectNode> ours(String type, UUID localId) {
    return contents.of(type, localId);
  }

  private static boolean sameVaccination(ImmunizationRecord record, CheckedVaccination incoming) {
    if (!record.occurrenceDate().equals(incoming.incoming().draft().date())) {
      return false;
    }
    String kind = incoming.checked().kind() == null ? null : incoming.checked().kind().code();
    if (kind != null || record.vaccineKind() != null) {
      return kind != null && kind.equals(record.vaccineKind());
    }
    return record.vaccine().system().equals(incoming.checked().vaccine().system())
        && record.vaccine().code().equals(incoming.checked().vaccine().code());
  }

  private ImmunizationRecord newVaccination(
      Principal principal,
      Child child,
      CheckedVaccination vaccination,
      String broughtBy,
      Sender previous,
      Instant now) {
    VaccinationDraft draft = vaccination.incoming().draft();
    VaccinationRules.Checked checked = vaccination.checked();
    UUID facilityId = null;
    String performerName = draft.performerName();
    if (draft.performerCode() != null) {
      facilityId = store.facility(draft.performerCode(), draft.performerName(), now);
    }
    ImmunizationRecord.Verification verification;
    if ("family".equals(broughtBy) || "unverified".equals(vaccination.incoming().verification())) {
      verification = ImmunizationRecord.Verification.UNVERIFIED;
    } else if ("rejected".equals(vaccination.incoming().verification())) {
      verification = ImmunizationRecord.Verification.REJECTED;
    } else {
      verification = ImmunizationRecord.Verification.VERIFIED;
    }
    boolean decided = verification != ImmunizationRecord.Verification.UNVERIFIED;
    return new ImmunizationRecord(
        Ids.newId(),
        child.municipalityId(),
        child.id(),
        null,
        draft.date(),
        checked.vaccine(),
        checked.kind() == null ? null : checked.kind().code(),
        checked.product(),
        draft.lotNumber(),
        checked.doseLabel(),
        checked.routine(),
        ImmunizationRecord.Source.TRANSFER,
        verification,
        decided ? principal.actorId() : null,
        decided ? now : null,
        draft.country(),
        facilityId,
        performerName,
        draft.note(),
        1,
        null,
        principal.role().claim(),
        principal.subject(),
        now,
        now,
        checked.credits());
  }

  private NewCheckup newCheckup(Child child, CheckedCheckup checkup, Instant now) {
    HandbookPackage.Facility facility = checkup.incoming().facility();
    UUID facilityId =
        checkup.heldByMunicipality()
            ? null
            : store.facility(facility.medicalInstitutionCode(), facility.name(), now);
    return checkup.toNew(child.municipalityId(), null, child.id(), facilityId, null);
  }

  // --- Re-query, conflicts, reading ----------------------------------------------------------

  /** Staff mark the re-query done without a newer handbook (the previous municipality had none). */
  public TransferRow completeRequery(
      Principal principal, String municipalityCode, UUID transferId, String note) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, "complete-requery", PURPOSE);
    TransferRow transfer = transferOf(municipality, transferId);
    if (note != null && note.length() > 1000) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "note: at most 1000 characters.",
          List.of(new FieldError("note", "at most 1000 characters")));
    }
    Child child = families.child(transfer.childId()).orElseThrow();
    return transactions.executeWrite(
        status -> {
          if (!store.completeRequery(
              transferId, principal.actorId(), clock.instant(), null, blankToNull(note))) {
            throw new ProblemException(
                ErrorCode.TRANSFER_REQUERY_DONE, "The re-query of this transfer is done already.");
          }
          accessLog.write(principal, records.subjectOf(child), "complete-requery", PURPOSE);
          return store.transfer(transferId, false).orElseThrow();
        });
  }

  /**
   * Staff decide a conflict: accept the sender's record (ours is corrected to read as theirs, its
   * replaced version kept, or withdrawn when they withdrew it) or keep ours.
   *
   * @param decision accept or keep
   */
  public ConflictRow resolve(
      Principal principal, String municipalityCode, UUID conflictId, String decision, String note) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, "resolve-conflict", PURPOSE);
    if (!"accept".equals(decision) && !"keep".equals(decision)) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "decision: accept (take the sender's record) or keep (ours stays).",
          List.of(new FieldError("decision", "accept or keep")));
    }
    if (note != null && note.length() > 1000) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "note: at most 1000 characters.",
          List.of(new FieldError("note", "at most 1000 characters")));
    }
    ConflictRow found =
        store
            .conflict(conflictId, false)
            .filter(c -> c.municipalityId().equals(municipality.id()))
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such conflict."));
    // A child's or a pregnancy's: the same decision, against the rules of whose record it is.
    ProtectedSubject subject;
    VaccinationRules.Person person;
    if (found.pregnancyId() != null) {
      Pregnancy pregnancy = families.pregnancy(found.pregnancyId()).orElseThrow();
      subject = FamilySubjects.of(pregnancy, Set.of());
      person = new VaccinationRules.Person(Subject.MOTHER, pregnancy.motherBirthDate(), "female");
    } else {
      Child child = families.child(found.childId()).orElseThrow();
      subject = records.subjectOf(child);
      person = new VaccinationRules.Person(Subject.CHILD, child.birthDate(), child.sex());
    }
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "resolve-conflict", PURPOSE);
    Instant now = clock.instant();
    return transactions.executeWrite(
        status -> {
          ConflictRow conflict = store.conflict(conflictId, true).orElseThrow();
          if (!conflict.status().equals("open")) {
            throw new ProblemException(
                ErrorCode.TRANSFER_CONFLICT_RESOLVED,
                "This conflict was decided already (" + conflict.status() + ").");
          }
          if (decision.equals("accept")) {
            accept(principal, person, conflict, now);
            String content = conflict.theirs() != null ? conflict.theirs() : conflict.ours();
            if (conflict.pregnancyId() != null) {
              pregnancyStore.updateContent(
                  conflict.pregnancyId(),
                  conflict.recordType(),
                  conflict.origin(),
                  conflict.theirsSha256(),
                  content,
                  now);
            } else {
              store.updateProvenance(
                  conflict.childId(),
                  conflict.recordType(),
                  conflict.origin(),
                  conflict.theirsSha256(),
                  content,
                  now);
            }
          }
          store.resolveConflict(
              conflictId,
              decision.equals("accept") ? "accepted" : "kept",
              principal.actorId(),
              now,
              blankToNull(note));
          accessLog.write(principal, subject, "resolve-conflict", PURPOSE);
          return store.conflict(conflictId, false).orElseThrow();
        });
  }

  private void accept(
      Principal principal, VaccinationRules.Person person, ConflictRow conflict, Instant now) {
    boolean withdraw = !conflict.reason().equals("changed");
    JsonNode theirs = conflict.theirs() == null ? null : parse(conflict.theirs());
    if (conflict.recordType().equals("immunization")) {
      StoredImmunization stored = immunizations.find(conflict.localId()).orElseThrow();
      if (withdraw) {
        if (!stored.retracted()) {
          immunizations.retract(conflict.localId(), principal.actorId(), now);
        }
        return;
      }
      if (stored.retracted()) {
        throw notApplicable(
            "Our record was withdrawn here; record the sender's version as a new entry instead.");
      }
      VaccinationDraft draft = TransferContent.draftOf(theirs);
      VaccinationRules.Checked checked;
      try {
        checked = vaccinationRules.check(draft, person, LocalDate.now(clock), false);
      } catch (ImmunizationEntryException e) {
        throw notApplicable("The sender's record breaks a rule here: " + e.getMessage());
      }
      ImmunizationRecord record = stored.record();
      UUID facilityId =
          draft.performerCode() == null
              ? null
              : store.facility(draft.performerCode(), draft.performerName(), now);
      ImmunizationRecord corrected =
          new ImmunizationRecord(
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
      if (!immunizations.correct(corrected, stored.version(), principal.actorId(), now)) {
        throw notApplicable("Our record changed meanwhile; look at the conflict again.");
      }
      return;
    }
    Checkup checkup = checkups.checkup(conflict.localId()).orElseThrow();
    Map<UUID, List<Checkup.Finding>> observations = new LinkedHashMap<>();
    for (Checkup.Finding finding : checkup.findings()) {
      if (finding.isObservation()) {
        observations.computeIfAbsent(finding.observationId(), k -> new ArrayList<>()).add(finding);
      }
    }
    if (withdraw) {
      for (UUID observation : observations.keySet()) {
        checkups.correct(observation, List.of(), "entered-in-error", principal.actorId(), now);
      }
      return;
    }
    for (String field : new String[] {"kind", "class", "kindName", "date"}) {
      if (!theirs.path(field).equals(TransferChecks.content(checkup).path(field))) {
        throw notApplicable(
            "The visit itself changed at the sender ("
                + field
                + "); correct it here by hand and keep ours.");
      }
    }
    if (!theirs
        .path("facility")
        .path("medicalInstitutionCode")
        .asText("")
        .equals(checkup.medicalInstitutionCode() == null ? "" : checkup.medicalInstitutionCode())) {
      throw notApplicable(
          "The visit's facility changed at the sender; correct it here by hand and keep ours.");
    }
    Map<String, ContentFinding> wanted = new LinkedHashMap<>();
    for (ContentFinding finding : TransferContent.findingsOf(theirs, catalog)) {
      wanted.put(finding.itemCode(), finding);
    }
    Set<String> ours = new HashSet<>();
    checkup.findings().forEach(f -> ours.add(f.itemCode()));
    for (String item : wanted.keySet()) {
      if (!ours.contains(item)) {
        throw notApplicable(
            "The sender's checkup has a finding ours has not ("
                + item
                + "); a finding cannot be added to a visit here. Keep ours and enter it.");
      }
    }
    for (Map.Entry<UUID, List<Checkup.Finding>> observation : observations.entrySet()) {
      List<NewCheckup.NewFinding> replacement = new ArrayList<>();
      boolean same = true;
      for (Checkup.Finding finding : observation.getValue()) {
        ContentFinding their = wanted.get(finding.itemCode());
        if (their == null) {
          same = false;
          continue;
        }
        if (!TransferContent.findingNode(their.itemCode(), their.value())
            .equals(TransferContent.findingNode(finding.itemCode(), finding.value()))) {
          same = false;
        }
        replacement.add(
            new NewCheckup.NewFinding(
                Ids.newId(),
                observation.getKey(),
                their.itemCode(),
                their.value(),
                SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
                their.itemCode()));
      }
      if (same) {
        continue;
      }
      checkups.correct(
          observation.getKey(),
          replacement,
          replacement.isEmpty() ? "entered-in-error" : "corrected",
          principal.actorId(),
          now);
    }
  }

  private static ProblemException notApplicable(String detail) {
    return new ProblemException(ErrorCode.TRANSFER_CONFLICT_NOT_APPLICABLE, detail);
  }

  private static JsonNode parse(String json) {
    try {
      return TransferContent.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A transfer in with everything about it, as staff read it. */
  public record TransferView(
      TransferRow transfer,
      Child child,
      List<ImportRow> imports,
      List<ProvenanceRow> records,
      List<ConflictRow> conflicts) {}

  public TransferView view(Principal principal, String municipalityCode, UUID transferId) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "read-transfer", PURPOSE);
    TransferRow transfer = transferOf(municipality, transferId);
    Child child = families.child(transfer.childId()).orElseThrow();
    ProtectedSubject subject = records.subjectOf(child);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-transfer", PURPOSE);
    accessLog.access(principal, subject, "read-transfer", PURPOSE, true);
    List<ProvenanceRow> taken =
        store.provenanceOfChild(child.id()).values().stream()
            .filter(p -> p.transferId().equals(transferId))
            .toList();
    return new TransferView(
        transfer, child, store.importsOf(transferId), taken, store.conflictsOf(transferId));
  }

  /** The municipality's transfers in, newest first. */
  public List<TransferRow> list(Principal principal, String municipalityCode, int limit) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "list-transfers", PURPOSE);
    return store.transfersOf(municipality.id(), limit);
  }

  private TransferRow transferOf(MunicipalityRow municipality, UUID transferId) {
    return store
        .transfer(transferId, false)
        .filter(t -> t.municipalityId().equals(municipality.id()))
        .orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.NOT_FOUND, "No such transfer in this municipality."));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
