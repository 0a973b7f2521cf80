package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.records.OwnRecordItems;
import app.sukoyaka.family.records.OwnRecords;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.municipality.transfer.HandbookPackage.Skipped;
import app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingNotice;
import app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingPregnancy;
import app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingReply;
import app.sukoyaka.municipality.transfer.PregnancyTransferStore.ArchivedNotice;
import app.sukoyaka.municipality.transfer.PregnancyTransferStore.Held;
import app.sukoyaka.municipality.transfer.PregnancyTransferStore.Person;
import app.sukoyaka.municipality.transfer.TransferChecks.CheckedCheckup;
import app.sukoyaka.municipality.transfer.TransferChecks.CheckedFinding;
import app.sukoyaka.municipality.transfer.TransferChecks.CheckedVaccination;
import app.sukoyaka.municipality.transfer.TransferStore.ConflictRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A pregnancy carried to this Sukoyaka in the family's own download from another one (another
 * municipality): the pregnant person takes over each pregnancy of hers the download holds — the
 * pregnancy with its handbook number and due date, its 妊婦健診 with every finding, her vaccinations
 * during it and her own records — and the notices the previous municipality sent her, kept as a
 * read-only archive labelled with who sent them.
 *
 * <p>The pregnancy is hers: she takes it over herself, with her consent, and shares it with her
 * partner here as the app always does (a partner's own download names her pregnancy, but cannot
 * make her the holder of a pregnancy here). Every record keeps where it came from; what she already
 * has here (a pregnancy she reported again, a visit a clinic here already sent) is linked, not
 * duplicated; the same download again changes nothing; anything wrong in it is reported all at once
 * and nothing is stored. Like a child's records the family brings, her vaccinations stay unverified
 * until staff confirm them (a file in the family's hands could have been edited).
 */
@Singleton
public class PregnanciesIn {
  static final String PURPOSE = "transfer";

  /** A pregnancy lasts at most about 300 days from its start to its due date, and a bit beyond. */
  private static final int DAYS_BEFORE_DUE = 300;

  private final TransferFormat format;
  private final PregnancyTransferStore store;
  private final TransferStore transfers;
  private final TransferChecks checks;
  private final AnswerChecks answers;
  private final HeldContents contents;
  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final OwnRecords ownRecords;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  PregnanciesIn(
      TransferFormat format,
      PregnancyTransferStore store,
      TransferStore transfers,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      OwnRecords ownRecords,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock,
      HeldContents contents) {
    this.contents = contents;
    this.format = format;
    this.store = store;
    this.transfers = transfers;
    this.checks = new TransferChecks(catalog, new VaccinationRules(vaccines));
    this.answers = new AnswerChecks(catalog);
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.ownRecords = ownRecords;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * What she brings.
   *
   * @param bundle the download (a FHIR Bundle as JSON)
   * @param patientId her Patient in the download, or null when she is the only pregnant person
   * @param previous the municipality she moved from (its code and name)
   * @param consent she consents to her records being added here and seen by this municipality
   */
  public record Source(String bundle, String patientId, Sender previous, boolean consent) {}

  /**
   * One pregnancy taken over.
   *
   * @param created the pregnancy was recorded here now; false: it was here (linked or before)
   * @param linked an existing pregnancy of hers here was recognised as this one
   * @param added records stored now; {@code linkedRecords}: ones we had, linked; {@code unchanged}:
   *     taken over before
   * @param conflicts records the previous Sukoyaka changed since (or that differ from ours when
   *     linked), listed now for staff to decide; ours stays as it is until they do
   */
  public record TakenPregnancy(
      UUID pregnancyId,
      String originId,
      boolean created,
      boolean linked,
      int added,
      int linkedRecords,
      int unchanged,
      List<ConflictRow> conflicts) {}

  /** What taking the download in did; {@code repeated}: nothing was new. */
  public record Outcome(
      boolean repeated,
      Sender previous,
      List<TakenPregnancy> pregnancies,
      int noticesArchived,
      int noticesKnown,
      List<Skipped> skipped) {}

  public Outcome takeOver(Principal principal, Source source) {
    Person person = person(principal);
    if (!source.consent()) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_CONSENT_REQUIRED,
          "consent: she consents to her records being added to her handbook here and seen by this"
              + " municipality's staff.",
          List.of(new FieldError("consent", "must be true")));
    }
    if (source.bundle() == null) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_UNREADABLE,
          "bundle: the download of all her data (FHIR), as the previous Sukoyaka gave it.",
          List.of(new FieldError("bundle", "a FHIR Bundle")));
    }
    Sender previous = previous(source.previous(), person);
    PregnancyPackage read = read(source);
    requireHers(read, person);
    // Her answers (the EPDS) are checked before anything is stored: an edited score refuses all.
    answers.require(read.pregnancies().stream().flatMap(p -> p.checkups().stream()).toList());
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock);
    return transactions.executeWrite(
        status -> store(principal, person, previous, read, now, today));
  }

  private PregnancyPackage read(Source source) {
    try {
      return format.readPregnancies(source.bundle(), source.patientId());
    } catch (ProblemException e) {
      // The format speaks of handbooks; her import answers in its own codes.
      if (e.errorCode() == ErrorCode.TRANSFER_BUNDLE_UNREADABLE) {
        throw new ProblemException(
            ErrorCode.PREGNANCY_TRANSFER_UNREADABLE, e.getMessage(), e.errors());
      }
      if (e.errorCode() == ErrorCode.TRANSFER_BUNDLE_INVALID) {
        throw new ProblemException(
            ErrorCode.PREGNANCY_TRANSFER_INVALID, e.getMessage(), e.errors());
      }
      throw e;
    }
  }

  private static Sender previous(Sender named, Person person) {
    List<FieldError> field =
        List.of(new FieldError("previousMunicipality", "the municipality she moved from"));
    if (named == null || named.code() == null || named.name() == null || named.name().isBlank()) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_PREVIOUS_MUNICIPALITY,
          "Name the previous municipality (previousMunicipality: its 全国地方公共団体コード and name).",
          field);
    }
    if (!SukoyakaCanonicals.isMunicipalityCode(named.code())) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_PREVIOUS_MUNICIPALITY,
          named.code() + " is not a 全国地方公共団体コード (6 digits with check digit).",
          field);
    }
    if (named.code().equals(person.municipalityCode())) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_PREVIOUS_MUNICIPALITY,
          "She moves in from another municipality, not from this one.",
          field);
    }
    return new Sender(named.code(), named.name().strip());
  }

  /**
   * The download's pregnant person is she: the same day of birth and given name (kanji or kana).
   */
  private static void requireHers(PregnancyPackage read, Person person) {
    boolean sameName =
        (read.givenName() != null && read.givenName().equals(person.givenName()))
            || (read.givenNameKana() != null
                && read.givenNameKana().equals(person.givenNameKana()));
    if (!read.birthDate().equals(person.birthDate()) || !sameName) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_NOT_HERS,
          "The pregnancies of this download are another person's (her day of birth or name"
              + " differs). The pregnant person takes her pregnancy over herself and then shares"
              + " it with her partner.",
          List.of(new FieldError("patient", "the Patient of the person signed in")));
    }
  }

  private Outcome store(
      Principal principal,
      Person person,
      Sender previous,
      PregnancyPackage read,
      Instant now,
      LocalDate today) {
    List<FieldError> errors = new ArrayList<>();
    List<TakenPregnancy> taken = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>(read.skipped());
    boolean changed = false;
    for (IncomingPregnancy incoming : read.pregnancies()) {
      LocalDate due =
          incoming.expectedDeliveryDate() != null ? incoming.expectedDeliveryDate() : today;
      TransferChecks.Checked checked =
          checks.checkPregnancy(
              incoming.checkups(),
              incoming.vaccinations(),
              person.birthDate(),
              due.minusDays(DAYS_BEFORE_DUE),
              today,
              errors);
      if (incoming.handbook() == null) {
        errors.add(new FieldError(incoming.at() + ".identifier", "the handbook number"));
      }
      if (!errors.isEmpty()) {
        continue;
      }
      TakenPregnancy one =
          pregnancy(
              principal, person, previous, incoming, checked, skipped, read.originNames(), now);
      taken.add(one);
      changed |=
          one.created()
              || one.linked()
              || one.added() > 0
              || one.linkedRecords() > 0
              || !one.conflicts().isEmpty();
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_INVALID,
          errors.size()
              + " record(s) break the rules; nothing was taken over. "
              + errors.get(0).field()
              + ": "
              + errors.get(0).message(),
          errors.subList(0, Math.min(100, errors.size())));
    }
    int archived = 0;
    for (IncomingNotice notice : read.notices()) {
      if (store.archive(person.municipalityId(), person.id(), archived(notice, previous, now))) {
        archived++;
      }
    }
    if (archived > 0) {
      accessLog.write(principal, personSubject(principal, person), "archive-notices", PURPOSE);
      changed = true;
    }
    return new Outcome(
        !changed, previous, taken, archived, read.notices().size() - archived, skipped);
  }

  private TakenPregnancy pregnancy(
      Principal principal,
      Person person,
      Sender previous,
      IncomingPregnancy incoming,
      TransferChecks.Checked checked,
      List<Skipped> skipped,
      Map<String, String> originNames,
      Instant now) {
    String from = previous.code();
    Optional<PregnancyTransferStore.TransferRow> before =
        store.transferOf(person.municipalityId(), from, incoming.originId());
    boolean created = false;
    boolean linked = false;
    UUID pregnancyId;
    PregnancyTransferStore.TransferRow transfer;
    if (before.isPresent()) {
      transfer = before.get();
      pregnancyId = transfer.pregnancyId();
    } else {
      Optional<Held> same = samePregnancy(person, incoming);
      if (same.isPresent()) {
        pregnancyId = same.get().id();
        linked = true;
      } else {
        String number = incoming.handbook().number();
        if (store.pregnancyByHandbookNumber(person.municipalityId(), number).isPresent()) {
          throw new ProblemException(
              ErrorCode.PREGNANCY_TRANSFER_HANDBOOK_TAKEN,
              "The handbook number "
                  + number
                  + " is another pregnancy's in this municipality; ask the health centre to take"
                  + " her pregnancy over.");
        }
        pregnancyId = Ids.newId();
        store.insertPregnancy(
            pregnancyId,
            person.municipalityId(),
            person.id(),
            number,
            incoming.handbookIssuedOn(),
            incoming.expectedDeliveryDate(),
            incoming.fetusCount(),
            incoming.status(),
            now);
        created = true;
      }
      transfer =
          new PregnancyTransferStore.TransferRow(
              Ids.newId(),
              person.municipalityId(),
              pregnancyId,
              from,
              previous.name(),
              incoming.originId(),
              incoming.handbook().municipalityCode(),
              incoming.handbook().number(),
              linked,
              now,
              principal.actorId(),
              now);
      store.insertTransfer(transfer);
    }
    Map<String, PregnancyTransferStore.Provenance> provenance = store.provenance(pregnancyId);
    int added = 0;
    int linkedRecords = 0;
    int unchanged = 0;
    Set<UUID> taken = new HashSet<>();
    provenance.values().forEach(p -> taken.add(p.localId()));
    Pregnancy held = families.pregnancy(pregnancyId).orElseThrow();
    Changes changes = new Changes(held, transfer, now);

    List<Checkup> visits = checkups.forPregnancy(pregnancyId);
    List<NewCheckup> newCheckups = new ArrayList<>();
    for (CheckedCheckup checkup : checked.checkups()) {
      RecordKey key = checkup.incoming().key().withDefaultMunicipality(from);
      PregnancyTransferStore.Provenance known =
          provenance.get(PregnancyTransferStore.key("checkup", key.municipalityCode(), key.id()));
      if (known != null) {
        if (!changes.compare(known, checkup.content(), checkup.digest(), false)) {
          unchanged++;
        }
        continue;
      }
      Optional<Checkup> same =
          visits.stream()
              .filter(v -> !taken.contains(v.id()))
              .filter(v -> sameVisit(v, checkup))
              .findFirst();
      UUID local;
      String[] content = {checkup.digest(), checkup.content().toString()};
      if (same.isPresent()) {
        local = same.get().id();
        linkedRecords++;
        content = changes.link("checkup", key, local, checkup.content(), checkup.digest(), false);
      } else {
        NewCheckup visit = newCheckup(person, pregnancyId, checkup, now);
        newCheckups.add(visit);
        local = visit.id();
        added++;
      }
      taken.add(local);
      store.insertProvenance(
          pregnancyId,
          person.municipalityId(),
          new PregnancyTransferStore.Provenance(
              "checkup",
              key,
              originName(originNames, key, previous),
              transfer.id(),
              local,
              same.isPresent(),
              content[0],
              content[1],
              now));
    }
    if (!newCheckups.isEmpty()) {
      checkups.store(newCheckups, null, now);
    }

    List<StoredImmunization> standing = immunizations.storedOfPregnancy(pregnancyId);
    List<ImmunizationRecord> newVaccinations = new ArrayList<>();
    for (CheckedVaccination vaccination : checked.vaccinations()) {
      RecordKey key = vaccination.incoming().key().withDefaultMunicipality(from);
      PregnancyTransferStore.Provenance known =
          provenance.get(
              PregnancyTransferStore.key("immunization", key.municipalityCode(), key.id()));
      if (known != null) {
        if (!changes.compare(
            known,
            vaccination.content(),
            vaccination.digest(),
            vaccination.incoming().retracted())) {
          unchanged++;
        }
        continue;
      }
      Optional<StoredImmunization> same =
          standing.stream()
              .filter(s -> !taken.contains(s.record().id()))
              .filter(s -> sameVaccination(s.record(), vaccination))
              .findFirst();
      if (same.isEmpty() && vaccination.incoming().retracted()) {
        skipped.add(new Skipped(key.id(), "withdrawn where it was recorded; nothing to take over"));
        continue;
      }
      UUID local;
      String[] content = {vaccination.digest(), vaccination.content().toString()};
      if (same.isPresent()) {
        local = same.get().record().id();
        linkedRecords++;
        content =
            changes.link(
                "immunization",
                key,
                local,
                vaccination.content(),
                vaccination.digest(),
                vaccination.incoming().retracted());
      } else {
        ImmunizationRecord record =
            newVaccination(principal, person, pregnancyId, vaccination, now);
        newVaccinations.add(record);
        local = record.id();
        added++;
      }
      taken.add(local);
      store.insertProvenance(
          pregnancyId,
          person.municipalityId(),
          new PregnancyTransferStore.Provenance(
              "immunization",
              key,
              originName(originNames, key, previous),
              transfer.id(),
              local,
              same.isPresent(),
              content[0],
              content[1],
              now));
    }
    if (!newVaccinations.isEmpty()) {
      immunizations.store(newVaccinations, Map.of());
    }

    if (!incoming.ownRecords().isEmpty()) {
      OwnRecords.TakenOver own =
          ownRecords.takeOver(
              OwnRecordItems.Owner.PREGNANCY,
              pregnancyId,
              person.municipalityId(),
              null,
              incoming.ownRecords(),
              principal.actorId(),
              now);
      added += own.added();
      own.refused()
          .forEach(
              (id, why) ->
                  skipped.add(new Skipped("Observation/" + id, "own record refused: " + why)));
      own.stored()
          .forEach(
              (original, local) -> {
                if (!provenance.containsKey(
                    PregnancyTransferStore.key("own_record", from, original.toString()))) {
                  // Her own entries are hers wherever she is: no content to compare.
                  store.insertProvenance(
                      pregnancyId,
                      person.municipalityId(),
                      new PregnancyTransferStore.Provenance(
                          "own_record",
                          new RecordKey(from, original.toString()),
                          previous.name(),
                          transfer.id(),
                          local,
                          false,
                          null,
                          null,
                          now));
                }
              });
      unchanged += incoming.ownRecords().size() - own.added() - own.refused().size();
    }
    boolean repeated =
        !created
            && before.isPresent()
            && added == 0
            && linkedRecords == 0
            && changes.listed.isEmpty();
    accessLog.write(
        principal,
        FamilySubjects.of(held, Set.of()),
        repeated ? "transfer-in-repeated" : "transfer-in",
        PURPOSE);
    return new TakenPregnancy(
        pregnancyId,
        incoming.originId(),
        created,
        linked,
        added,
        linkedRecords,
        unchanged,
        List.copyOf(changes.listed));
  }

  /**
   * Where a record was first registered, by name: as the download named it, else the previous
   * municipality when the record is its own.
   */
  private static String originName(
      Map<String, String> originNames, RecordKey key, Sender previous) {
    String named = originNames.get(key.municipalityCode());
    if (named != null) {
      return named;
    }
    return key.municipalityCode().equals(previous.code()) ? previous.name() : null;
  }

  /**
   * The records of one pregnancy the previous Sukoyaka changed since she took them over: each is
   * listed once per content, in the same conflict list as a child's, for staff to accept theirs or
   * keep ours. Ours is never overwritten here.
   */
  private final class Changes {
    private final Pregnancy pregnancy;
    private final PregnancyTransferStore.TransferRow transfer;
    private final Instant now;
    final List<ConflictRow> listed = new ArrayList<>();

    Changes(Pregnancy pregnancy, PregnancyTransferStore.TransferRow transfer, Instant now) {
      this.pregnancy = pregnancy;
      this.transfer = transfer;
      this.now = now;
    }

    /**
     * A record taken over before: unchanged, or changed there (listed once per content). True when
     * it is listed now.
     */
    boolean compare(
        PregnancyTransferStore.Provenance known,
        ObjectNode theirs,
        String digest,
        boolean retracted) {
      if (digest.equals(known.contentSha256())
          || transfers.pregnancyConflictListed(
              pregnancy.id(), known.recordType(), known.origin(), digest)) {
        return false;
      }
      Optional<ObjectNode> ours = contents.of(known.recordType(), known.localId());
      if (ours.isEmpty()) {
        return false;
      }
      if (TransferContent.digest(ours.get()).equals(digest)) {
        // Ours reads as theirs already (staff here made the same correction, or a record taken
        // over before contents were kept): theirs becomes the content to compare with next time.
        store.updateContent(
            pregnancy.id(), known.recordType(), known.origin(), digest, theirs.toString(), now);
        return false;
      }
      list(
          known.recordType(),
          known.origin(),
          known.localId(),
          ours.get(),
          theirs,
          digest,
          retracted);
      return true;
    }

    /**
     * A record of ours recognised as theirs: ours is kept as what was taken over; when the two
     * differ, the difference is listed. Answers the digest and content to keep.
     */
    String[] link(
        String type,
        RecordKey key,
        UUID localId,
        ObjectNode theirs,
        String digest,
        boolean retracted) {
      ObjectNode ours = contents.of(type, localId).orElseThrow();
      String oursDigest = TransferContent.digest(ours);
      if (!oursDigest.equals(digest)) {
        list(type, key, localId, ours, theirs, digest, retracted);
      }
      return new String[] {oursDigest, ours.toString()};
    }

    private void list(
        String type,
        RecordKey origin,
        UUID localId,
        ObjectNode ours,
        ObjectNode theirs,
        String digest,
        boolean retracted) {
      ConflictRow conflict =
          new ConflictRow(
              Ids.newId(),
              pregnancy.municipalityId(),
              null,
              null,
              null,
              type,
              origin,
              localId,
              retracted ? "retracted" : "changed",
              ours.toString(),
              theirs.toString(),
              digest,
              "open",
              null,
              null,
              null,
              now,
              pregnancy.id(),
              transfer.id());
      transfers.insertConflict(conflict);
      listed.add(conflict);
    }
  }

  /**
   * A pregnancy of hers here that is this one: the same handbook number, or one still going whose
   * due date is within two weeks of it (she reported the pregnancy again after moving).
   */
  private Optional<Held> samePregnancy(Person person, IncomingPregnancy incoming) {
    List<Held> hers = store.pregnanciesOf(person.id());
    for (Held held : hers) {
      if (incoming.handbook() != null
          && incoming.handbook().number().equals(held.handbookNumber())) {
        return Optional.of(held);
      }
    }
    if (incoming.expectedDeliveryDate() == null) {
      return Optional.empty();
    }
    return hers.stream()
        .filter(h -> h.expectedDeliveryDate() != null && "active".equals(h.status()))
        .filter(
            h ->
                Math.abs(
                        h.expectedDeliveryDate().toEpochDay()
                            - incoming.expectedDeliveryDate().toEpochDay())
                    <= 14)
        .findFirst();
  }

  private static boolean sameVisit(Checkup visit, CheckedCheckup incoming) {
    String code = incoming.incoming().facility().medicalInstitutionCode();
    return visit.kind().equals(incoming.incoming().kind())
        && visit.visitDate().equals(incoming.incoming().visitDate())
        && (code == null
            || visit.medicalInstitutionCode() == null
            || code.equals(visit.medicalInstitutionCode()));
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

  private NewCheckup newCheckup(
      Person person, UUID pregnancyId, CheckedCheckup checkup, Instant now) {
    HandbookPackage.Facility facility = checkup.incoming().facility();
    UUID facilityId =
        checkup.heldByMunicipality()
            ? null
            : transfers.facility(facility.medicalInstitutionCode(), facility.name(), now);
    return checkup.toNew(
        person.municipalityId(),
        pregnancyId,
        null,
        facilityId,
        gestationalAgeDays(checkup.findings()));
  }

  static Integer gestationalAgeDays(List<CheckedFinding> findings) {
    for (CheckedFinding finding : findings) {
      if ("gestational-age".equals(finding.itemCode())
          && finding.value() instanceof FindingValue.Quantity q) {
        BigDecimal days =
            "wk".equals(q.unit()) ? q.value().multiply(BigDecimal.valueOf(7)) : q.value();
        return days.setScale(0, RoundingMode.HALF_UP).intValueExact();
      }
    }
    return null;
  }

  private ImmunizationRecord newVaccination(
      Principal principal,
      Person person,
      UUID pregnancyId,
      CheckedVaccination vaccination,
      Instant now) {
    VaccinationDraft draft = vaccination.incoming().draft();
    VaccinationRules.Checked checked = vaccination.checked();
    UUID facilityId =
        draft.performerCode() == null
            ? null
            : transfers.facility(draft.performerCode(), draft.performerName(), now);
    // She brought it herself: unverified until staff confirm it, as a child's the family brings.
    return new ImmunizationRecord(
        Ids.newId(),
        person.municipalityId(),
        null,
        pregnancyId,
        draft.date(),
        checked.vaccine(),
        checked.kind() == null ? null : checked.kind().code(),
        checked.product(),
        draft.lotNumber(),
        checked.doseLabel(),
        checked.routine(),
        ImmunizationRecord.Source.TRANSFER,
        ImmunizationRecord.Verification.UNVERIFIED,
        null,
        null,
        draft.country(),
        facilityId,
        draft.performerName(),
        draft.note(),
        1,
        null,
        principal.role().claim(),
        principal.subject(),
        now,
        now,
        checked.credits());
  }

  private static ArchivedNotice archived(IncomingNotice notice, Sender previous, Instant now) {
    ArrayNode replies = TransferContent.JSON.createArrayNode();
    for (IncomingReply reply : notice.replies()) {
      ObjectNode one = replies.addObject();
      one.put("sentAt", reply.sentAt() == null ? null : reply.sentAt().toString());
      ArrayNode parts = one.putArray("parts");
      reply.parts().forEach(parts::add);
      one.put("superseded", reply.superseded());
    }
    return new ArchivedNotice(
        Ids.newId(),
        previous.code(),
        previous.name(),
        notice.senderName(),
        notice.originId(),
        notice.kind(),
        notice.channel(),
        notice.title(),
        notice.body(),
        notice.sentAt(),
        notice.readAt(),
        replies.toString(),
        now);
  }

  // --- The archive, for her -------------------------------------------------------------------

  /** The notices other municipalities sent her, as she took them along; read-only. */
  public List<ArchivedNotice> archive(Principal principal) {
    Person person = person(principal);
    accessLog.access(
        principal, personSubject(principal, person), "read-notice-archive", "notices", true);
    return store.archiveOf(person.id());
  }

  /** The person signed in: a guardian with a record here (her own account). */
  Person person(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "A pregnant person's own records: for her login only.");
    }
    return store
        .personOfLogin(principal.subject())
        .orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.ACCOUNT_NO_PERSON, "No account on record for this login."));
  }

  private static ProtectedSubject personSubject(Principal principal, Person person) {
    return new ProtectedSubject(
        "person", person.id(), person.municipalityId(), Set.of(principal.subject()), Set.of());
  }
}
