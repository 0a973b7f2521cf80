package app.sukoyaka.phr.myportal;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Retrieves a link's records from the portal and keeps what is new, as the guardian's: each record
 * of the portal is mapped (the mapping file), then either stored as a new record of ours with its
 * provenance (source My Portal, when retrieved, the portal's record id), linked to the one we
 * already have when it is the same visit or dose with the same values, or listed as a conflict when
 * it is the same visit or dose with other values (shown to the guardian and to staff; ours is never
 * overwritten). A record retrieved again with the same content changes nothing. Records of one link
 * are written under the link's row lock, so two retrievals at once do not store twice.
 */
@Singleton
public class MyPortalImports {
  static final String WHAT = "my-portal-import";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final java.time.Duration REFRESH_MARGIN = java.time.Duration.ofSeconds(60);

  private final MyPortalConnection connection;
  private final MyPortalStore store;
  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final AccessLog accessLog;
  private final AccessGuard guard;
  private final TransactionOperations<Connection> transactions;
  private final PortalRecordMapper mapper;
  private final VaccinationRules rules;
  private final VaccineCatalog vaccines;
  private final CheckupItemCatalog catalog;
  private final Clock clock;

  MyPortalImports(
      MyPortalConnection connection,
      MyPortalStore store,
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      AccessLog accessLog,
      AccessGuard guard,
      TransactionOperations<Connection> transactions,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      Clock clock) {
    this.connection = connection;
    this.store = store;
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.accessLog = accessLog;
    this.guard = guard;
    this.transactions = transactions;
    this.catalog = catalog;
    this.vaccines = vaccines;
    this.mapper = new PortalRecordMapper(PortalLayoutMapping.load(catalog, vaccines), catalog);
    this.rules = new VaccinationRules(vaccines);
    this.clock = clock;
  }

  /** The version of the layout mapping in use. */
  public String mappingVersion() {
    return mapper.mappingVersion();
  }

  /** A record of the portal that was not kept, and why. */
  public record Refusal(String recordId, String type, String reason) {}

  /**
   * What a retrieval did.
   *
   * @param retrieved the portal's records it read
   * @param imported stored as new records of ours
   * @param linked the same as a record we had: linked to it
   * @param unchanged retrieved before with the same content
   * @param conflicts differing from ours for the same visit or dose (listed, not stored)
   * @param refused not kept, with why
   * @param notKept layout items the catalog does not record there
   * @param unmatchedPeople people of the portal who are none of the linked handbooks
   */
  public record Summary(
      Instant retrievedAt,
      int retrieved,
      int imported,
      int linked,
      int unchanged,
      int conflicts,
      List<Refusal> refused,
      List<String> notKept,
      int unmatchedPeople) {}

  /** What was fetched from the portal for one handbook. */
  private record Fetched(Child child, Pregnancy pregnancy, PortalRecord record) {}

  /** Retrieves and keeps the link's records now; the caller checked that it is the guardian's. */
  public Summary importLink(Principal principal, UUID linkId) {
    MyPortalLink link =
        transactions
            .executeRead(status -> store.link(linkId, false))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.MY_PORTAL_LINK_NOT_FOUND, "You have no such My Portal link."));
    Instant now = clock.instant();
    if (link.endedAt() != null) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_LINK_ENDED,
          "This link ended on " + link.endedAt() + "; link My Portal again to retrieve records.");
    }
    if (!now.isBefore(link.expiresAt())) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_LINK_EXPIRED,
          "This link's period ended on "
              + link.expiresAt().atZone(JAPAN).toLocalDate()
              + "; link My Portal again to retrieve records.");
    }
    List<Fetched> fetched;
    int unmatched;
    try {
      String access = accessToken(link, now);
      // Only the handbooks the guardian may still write to: a guardianship or share that ended
      // since the link was made ends what the link brings into that handbook.
      List<Child> children = new ArrayList<>();
      link.childIds()
          .forEach(
              id ->
                  families
                      .child(id)
                      .filter(
                          c ->
                              guard.permits(
                                  principal, AccessPolicy.Action.WRITE, FamilySubjects.of(c)))
                      .ifPresent(children::add));
      List<Pregnancy> pregnancies = new ArrayList<>();
      link.pregnancyIds()
          .forEach(
              id ->
                  families
                      .pregnancy(id)
                      .filter(
                          p ->
                              guard.permits(
                                  principal,
                                  AccessPolicy.Action.WRITE,
                                  FamilySubjects.of(p, Set.of())))
                      .ifPresent(pregnancies::add));
      fetched = new ArrayList<>();
      unmatched = 0;
      MyPortalClient client = connection.client();
      for (PortalPerson person : client.persons(access)) {
        if (PortalPerson.SELF.equals(person.relation())) {
          if (pregnancies.isEmpty()) {
            continue;
          }
          for (PortalRecordType type :
              List.of(PortalRecordType.PRENATAL_CHECKUP, PortalRecordType.IMMUNIZATION)) {
            for (PortalRecord record : client.records(access, person.ref(), type)) {
              fetched.add(new Fetched(null, null, record));
            }
          }
          continue;
        }
        Child child = match(person, children);
        if (child == null) {
          unmatched++;
          continue;
        }
        for (PortalRecordType type :
            List.of(PortalRecordType.INFANT_CHECKUP, PortalRecordType.IMMUNIZATION)) {
          for (PortalRecord record : client.records(access, person.ref(), type)) {
            fetched.add(new Fetched(child, null, record));
          }
        }
      }
      // The mother's records go to the linked pregnancy they fall in.
      List<Fetched> placed = new ArrayList<>();
      for (Fetched f : fetched) {
        placed.add(
            f.child() != null ? f : new Fetched(null, pregnancyOf(f, pregnancies), f.record()));
      }
      fetched = placed;
    } catch (MyPortalException e) {
      if (e.reason() == MyPortalException.Reason.REFUSED) {
        endRefused(link, now);
        throw new ProblemException(
            ErrorCode.MY_PORTAL_LINK_REFUSED,
            "My Portal no longer accepts this link (it was ended there); link My Portal again.");
      }
      transactions.executeWrite(
          status -> {
            store.importDone(linkId, now, null, e.getMessage());
            return null;
          });
      throw MyPortalLinks.portalFailure(e, ErrorCode.MY_PORTAL_UNREACHABLE);
    }
    List<Fetched> records = fetched;
    int people = unmatched;
    return transactions.executeWrite(status -> keep(principal, linkId, records, people, now));
  }

  /** The access token, refreshed (and kept sealed) when it has ended or is about to. */
  private String accessToken(MyPortalLink link, Instant now) {
    MyPortalStore.SealedTokens sealed =
        transactions
            .executeRead(status -> store.tokens(link.id()))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.MY_PORTAL_LINK_ENDED, "This link keeps no token any more."));
    if (now.plus(REFRESH_MARGIN).isBefore(sealed.accessExpiresAt())) {
      return open(sealed.accessToken());
    }
    if (sealed.refreshToken() == null) {
      throw new MyPortalException(MyPortalException.Reason.REFUSED, "No refresh token");
    }
    PortalTokens tokens = connection.client().refresh(open(sealed.refreshToken()));
    MyPortalStore.SealedTokens renewed =
        new MyPortalStore.SealedTokens(
            connection.sealing().seal(tokens.accessToken()),
            tokens.accessExpiresAt(),
            tokens.refreshToken() == null
                ? sealed.refreshToken()
                : connection.sealing().seal(tokens.refreshToken()));
    transactions.executeWrite(
        status -> {
          store.updateTokens(link.id(), renewed);
          return null;
        });
    return tokens.accessToken();
  }

  private String open(String sealed) {
    return connection
        .sealing()
        .open(sealed)
        .orElseThrow(
            () ->
                new MyPortalException(
                    MyPortalException.Reason.REFUSED,
                    "The link's tokens were sealed under another key"));
  }

  private void endRefused(MyPortalLink link, Instant now) {
    transactions.executeWrite(
        status -> store.end(link.id(), now, MyPortalLink.REFUSED_BY_PORTAL, false));
  }

  /** The linked child the portal's person is: same date of birth and, among several, same name. */
  static Child match(PortalPerson person, List<Child> children) {
    List<Child> born =
        children.stream().filter(c -> c.birthDate().equals(person.birthDate())).toList();
    if (born.size() == 1
        && (born.get(0).familyNameKana() == null || sameKana(person, born.get(0)))) {
      return born.get(0);
    }
    List<Child> named = born.stream().filter(c -> sameKana(person, c)).toList();
    return named.size() == 1 ? named.get(0) : null;
  }

  private static boolean sameKana(PortalPerson person, Child child) {
    String ours =
        (child.familyNameKana() == null ? "" : child.familyNameKana())
            + (child.givenNameKana() == null ? "" : child.givenNameKana());
    return normalise(ours).equals(normalise(person.nameKana()));
  }

  private static String normalise(String kana) {
    return kana == null ? "" : kana.replaceAll("[\\s　・]", "");
  }

  /** The linked pregnancy a record of the mother falls in (from 300 days before it is due). */
  private static Pregnancy pregnancyOf(Fetched fetched, List<Pregnancy> pregnancies) {
    String dateItem = fetched.record().type() == PortalRecordType.IMMUNIZATION ? "接種日" : "受診日";
    LocalDate date;
    try {
      date = LocalDate.parse(fetched.record().items().path(dateItem).asText());
    } catch (RuntimeException e) {
      return pregnancies.size() == 1 ? pregnancies.get(0) : null;
    }
    for (Pregnancy pregnancy : pregnancies) {
      LocalDate due = pregnancy.expectedDeliveryDate();
      if (due != null && !date.isBefore(due.minusDays(300)) && !date.isAfter(due.plusDays(14))) {
        return pregnancy;
      }
    }
    return null;
  }

  // --- Keeping the records, in one transaction under the link's lock -------------------------

  private Summary keep(
      Principal principal, UUID linkId, List<Fetched> fetched, int unmatched, Instant now) {
    MyPortalLink link = store.link(linkId, true).orElseThrow();
    if (link.endedAt() != null) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_LINK_ENDED, "This link ended while its records were retrieved.");
    }
    Run run = new Run(principal, link, now);
    for (PortalRecordType type : PortalRecordType.values()) {
      List<Fetched> ofType = fetched.stream().filter(f -> f.record().type() == type).toList();
      Map<String, MyPortalStore.Provenance> known =
          store.provenance(type, ofType.stream().map(f -> f.record().recordId()).toList());
      for (Fetched f : ofType) {
        run.retrieved++;
        if (f.child() == null && f.pregnancy() == null) {
          run.refused.add(
              new Refusal(
                  f.record().recordId(), type.code(), "not during a pregnancy linked here"));
          continue;
        }
        try {
          if (type == PortalRecordType.IMMUNIZATION) {
            run.dose(f, known.get(f.record().recordId()));
          } else {
            run.checkup(f, known.get(f.record().recordId()));
          }
        } catch (PortalRecordMapper.Unmappable e) {
          run.refused.add(new Refusal(f.record().recordId(), type.code(), e.getMessage()));
        }
      }
    }
    run.flush();
    Summary summary =
        new Summary(
            now,
            run.retrieved,
            run.imported,
            run.linked,
            run.unchanged,
            run.conflicts,
            List.copyOf(run.refused),
            List.copyOf(new java.util.LinkedHashSet<>(run.notKept)),
            unmatched);
    store.importDone(linkId, now, counts(summary).toString(), null);
    return summary;
  }

  static ObjectNode counts(Summary summary) {
    ObjectNode node = JSON.createObjectNode();
    node.put("retrieved", summary.retrieved());
    node.put("imported", summary.imported());
    node.put("linked", summary.linked());
    node.put("unchanged", summary.unchanged());
    node.put("conflicts", summary.conflicts());
    node.put("refused", summary.refused().size());
    node.put("unmatchedPeople", summary.unmatchedPeople());
    return node;
  }

  /** One retrieval's work within its transaction. */
  private final class Run {
    final Principal principal;
    final MyPortalLink link;
    final Instant now;
    final LocalDate today;
    int retrieved;
    int imported;
    int linked;
    int unchanged;
    int conflicts;
    final List<Refusal> refused = new ArrayList<>();
    final List<String> notKept = new ArrayList<>();
    final List<NewCheckup> newCheckups = new ArrayList<>();
    final List<ImmunizationRecord> newDoses = new ArrayList<>();
    final Map<UUID, ProtectedSubject> written = new LinkedHashMap<>();
    final Map<UUID, List<Checkup>> checkupsOf = new HashMap<>();
    final Map<UUID, List<ImmunizationRecord>> dosesOf = new HashMap<>();

    /**
     * What this run stored, by its natural key, so the portal's duplicates are not stored twice.
     */
    final Map<String, UUID> storedNow = new HashMap<>();

    Run(Principal principal, MyPortalLink link, Instant now) {
      this.principal = principal;
      this.link = link;
      this.now = now;
      this.today = now.atZone(JAPAN).toLocalDate();
    }

    void checkup(Fetched f, MyPortalStore.Provenance before) throws PortalRecordMapper.Unmappable {
      PortalRecordMapper.MappedCheckup mapped =
          f.child() != null
              ? mapper.infantCheckup(f.record(), f.child().birthDate())
              : mapper.prenatalCheckup(f.record());
      if (mapped.visitDate().isAfter(today)) {
        throw new PortalRecordMapper.Unmappable("受診日 " + mapped.visitDate() + " is after today");
      }
      notKept.addAll(mapped.notKept());
      ObjectNode content = PortalRecordMapper.content(mapped);
      String sha = MyPortalLinks.sha256(content.toString());
      UUID subjectId = f.child() != null ? f.child().id() : f.pregnancy().id();
      if (before != null) {
        if (before.contentSha256().equals(sha)) {
          unchanged++;
          return;
        }
        Checkup ours =
            ourCheckups(f).stream()
                .filter(c -> c.id().equals(before.localId()))
                .findFirst()
                .orElse(null);
        changed(
            f,
            before,
            ours == null ? null : content(ours),
            content,
            sha,
            mapped.visitDate(),
            describe(mapped),
            differences(ours, mapped));
        return;
      }
      Checkup ours =
          ourCheckups(f).stream()
              .filter(
                  c -> c.kind().equals(mapped.kind()) && c.visitDate().equals(mapped.visitDate()))
              .findFirst()
              .orElse(null);
      place(
          f,
          subjectId + "|" + mapped.kind() + "|" + mapped.visitDate(),
          ours == null ? null : ours.id(),
          () -> content(ours),
          differences(ours, mapped),
          content,
          sha,
          mapped.visitDate(),
          describe(mapped),
          local -> newCheckups.add(newCheckup(local, f, mapped)));
    }

    void dose(Fetched f, MyPortalStore.Provenance before) throws PortalRecordMapper.Unmappable {
      PortalRecordMapper.MappedDose mapped = mapper.dose(f.record());
      VaccinationRules.Checked checked;
      try {
        checked =
            rules.check(
                new VaccinationDraft(
                    List.of(
                        new ImmunizationRecord.Coding(
                            SukoyakaCanonicals.VACCINE_KIND_SYSTEM,
                            mapped.vaccineKind(),
                            vaccines
                                .kind(mapped.vaccineKind())
                                .map(k -> k.label().ja())
                                .orElse(null))),
                    mapped.date(),
                    mapped.product(),
                    mapped.doseLabel(),
                    null,
                    mapped.routine(),
                    mapped.lotNumber(),
                    mapped.facilityName(),
                    mapped.facilityCode(),
                    null,
                    null),
                f.child() != null
                    ? new VaccinationRules.Person(
                        Subject.CHILD, f.child().birthDate(), f.child().sex())
                    : new VaccinationRules.Person(Subject.MOTHER, null, "female"),
                today,
                true);
      } catch (ImmunizationEntryException e) {
        throw new PortalRecordMapper.Unmappable(e.getMessage());
      }
      ObjectNode content = PortalRecordMapper.content(mapped);
      String sha = MyPortalLinks.sha256(content.toString());
      UUID subjectId = f.child() != null ? f.child().id() : f.pregnancy().id();
      if (before != null) {
        if (before.contentSha256().equals(sha)) {
          unchanged++;
          return;
        }
        ImmunizationRecord ours =
            ourDoses(f).stream()
                .filter(r -> r.id().equals(before.localId()))
                .findFirst()
                .orElse(null);
        changed(
            f,
            before,
            ours == null ? null : content(ours),
            content,
            sha,
            mapped.date(),
            describe(mapped),
            differences(ours, mapped));
        return;
      }
      ImmunizationRecord ours =
          ourDoses(f).stream()
              .filter(
                  r ->
                      mapped.vaccineKind().equals(r.vaccineKind())
                          && r.occurrenceDate().equals(mapped.date()))
              .findFirst()
              .orElse(null);
      VaccinationRules.Checked valid = checked;
      place(
          f,
          subjectId + "|" + mapped.vaccineKind() + "|" + mapped.date(),
          ours == null ? null : ours.id(),
          () -> content(ours),
          differences(ours, mapped),
          content,
          sha,
          mapped.date(),
          describe(mapped),
          local -> newDoses.add(newDose(local, f, mapped, valid)));
    }

    /**
     * A record of the portal seen for the first time, checkup or dose alike: linked to our record
     * of the same visit or dose when the values agree, listed as a conflict when they differ,
     * linked to the one this retrieval already stored from a duplicate, or else stored as new; its
     * provenance is kept in every case.
     *
     * @param key the natural key (subject, kind, day) of the visit or dose
     * @param oursId our record of the same visit or dose, or null
     * @param storeNew adds the new record (by the id given) to what the run stores
     */
    private void place(
        Fetched f,
        String key,
        UUID oursId,
        java.util.function.Supplier<ObjectNode> oursContent,
        Map<String, String[]> differing,
        ObjectNode content,
        String sha,
        LocalDate date,
        String description,
        java.util.function.Consumer<UUID> storeNew) {
      UUID local;
      String outcome;
      if (oursId != null) {
        local = oursId;
        if (differing.isEmpty()) {
          outcome = "linked";
          linked++;
        } else {
          outcome = "conflict";
          conflict(f, local, oursContent.get(), content, sha, date, description, differing);
        }
      } else if (storedNow.containsKey(key)) {
        local = storedNow.get(key);
        outcome = "linked";
        linked++;
      } else {
        local = Ids.newId();
        outcome = "imported";
        imported++;
        storedNow.put(key, local);
        storeNew.accept(local);
        subject(f);
      }
      store.insertProvenance(
          new MyPortalStore.Provenance(
              f.record().recordId(),
              f.record().type(),
              f.child() == null ? null : f.child().id(),
              f.pregnancy() == null ? null : f.pregnancy().id(),
              outcome,
              local,
              sha),
          link.municipalityId(),
          link.id(),
          content,
          mapper.mappingVersion(),
          now);
    }

    /**
     * The portal sent a record again with other content. Where it now differs from our record (or
     * ours is gone) it is a conflict; where it agrees with ours it is linked. Ours is not changed.
     */
    private void changed(
        Fetched f,
        MyPortalStore.Provenance before,
        ObjectNode ours,
        ObjectNode theirs,
        String sha,
        LocalDate date,
        String description,
        Map<String, String[]> differing) {
      String outcome;
      if (ours != null && differing.isEmpty()) {
        outcome = "linked";
        linked++;
      } else {
        outcome = "conflict";
        conflict(
            f,
            before.localId(),
            ours == null ? JSON.createObjectNode() : ours,
            theirs,
            sha,
            date,
            description,
            differing);
      }
      store.updateProvenance(
          new MyPortalStore.Provenance(
              f.record().recordId(),
              f.record().type(),
              before.childId(),
              before.pregnancyId(),
              outcome,
              before.localId(),
              sha),
          theirs,
          mapper.mappingVersion(),
          now);
    }

    private void conflict(
        Fetched f,
        UUID local,
        ObjectNode ours,
        ObjectNode theirs,
        String sha,
        LocalDate date,
        String description,
        Map<String, String[]> differing) {
      conflicts++;
      ArrayNode differences = JSON.createArrayNode();
      differing.forEach(
          (item, values) -> {
            ObjectNode d = differences.addObject();
            d.put("item", item);
            d.put("ours", values[0]);
            d.put("theirs", values[1]);
          });
      store.insertConflict(
          new MyPortalStore.NewConflict(
              Ids.newId(),
              link.municipalityId(),
              link.id(),
              link.personId(),
              f.child() == null ? null : f.child().id(),
              f.pregnancy() == null ? null : f.pregnancy().id(),
              f.record().type(),
              f.record().recordId(),
              local,
              date,
              description,
              ours,
              theirs,
              sha,
              differences,
              now));
    }

    private List<Checkup> ourCheckups(Fetched f) {
      return f.child() != null
          ? checkupsOf.computeIfAbsent(f.child().id(), checkups::forChild)
          : checkupsOf.computeIfAbsent(f.pregnancy().id(), checkups::forPregnancy);
    }

    private List<ImmunizationRecord> ourDoses(Fetched f) {
      return f.child() != null
          ? dosesOf.computeIfAbsent(f.child().id(), immunizations::ofChild)
          : dosesOf.computeIfAbsent(f.pregnancy().id(), immunizations::ofPregnancy);
    }

    private void subject(Fetched f) {
      if (f.child() != null) {
        written.putIfAbsent(f.child().id(), FamilySubjects.of(f.child()));
      } else {
        written.putIfAbsent(f.pregnancy().id(), FamilySubjects.of(f.pregnancy(), Set.of()));
      }
    }

    private NewCheckup newCheckup(UUID id, Fetched f, PortalRecordMapper.MappedCheckup mapped) {
      Optional<Facility> facility =
          mapped.facilityCode() == null
              ? Optional.empty()
              : immunizations.facilityByCode(mapped.facilityCode());
      List<NewCheckup.NewFinding> findings = new ArrayList<>();
      for (PortalRecordMapper.MappedFinding finding : mapped.findings()) {
        findings.add(
            new NewCheckup.NewFinding(
                Ids.newId(),
                Ids.newId(),
                finding.itemCode(),
                finding.value(),
                SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
                finding.itemCode()));
      }
      String performer =
          facility.isPresent()
              ? null
              : mapped.facilityName()
                  + (mapped.facilityCode() == null
                      ? ""
                      : "（医療機関コード " + mapped.facilityCode() + "）");
      return new NewCheckup(
          id,
          mapped.kind(),
          catalog.kind(mapped.kind()).orElseThrow().encounterClasses().contains("AMB")
              ? "AMB"
              : catalog.kind(mapped.kind()).orElseThrow().encounterClasses().iterator().next(),
          null,
          link.municipalityId(),
          f.pregnancy() == null ? null : f.pregnancy().id(),
          f.child() == null ? null : f.child().id(),
          facility.map(Facility::id).orElse(null),
          mapped.visitDate(),
          mapped.gestationalAgeDays(),
          findings,
          performer,
          NewCheckup.MY_PORTAL);
    }

    private ImmunizationRecord newDose(
        UUID id,
        Fetched f,
        PortalRecordMapper.MappedDose mapped,
        VaccinationRules.Checked checked) {
      Optional<Facility> facility =
          mapped.facilityCode() == null
              ? Optional.empty()
              : immunizations.facilityByCode(mapped.facilityCode());
      String note =
          facility.isEmpty() && mapped.facilityCode() != null
              ? "医療機関コード: " + mapped.facilityCode()
              : null;
      return new ImmunizationRecord(
          id,
          link.municipalityId(),
          f.child() == null ? null : f.child().id(),
          f.pregnancy() == null ? null : f.pregnancy().id(),
          mapped.date(),
          checked.vaccine(),
          checked.kind() == null ? null : checked.kind().code(),
          checked.product(),
          mapped.lotNumber(),
          checked.doseLabel(),
          checked.routine(),
          ImmunizationRecord.Source.MY_PORTAL,
          // The portal's records are the municipalities' own registrations.
          ImmunizationRecord.Verification.VERIFIED,
          "my-portal",
          now,
          null,
          facility.map(Facility::id).orElse(null),
          mapped.facilityName(),
          note,
          1,
          null,
          "system",
          "my-portal:" + link.id(),
          now,
          now,
          checked.credits());
    }

    void flush() {
      if (!newCheckups.isEmpty()) {
        checkups.store(newCheckups, null, now);
      }
      if (!newDoses.isEmpty()) {
        immunizations.store(newDoses, Map.of());
      }
      accessLog.writeAll(principal, written.values(), WHAT, MyPortalLinks.PURPOSE);
    }
  }

  // --- Comparing ours and theirs -------------------------------------------------------------

  private static Map<String, String[]> differences(
      Checkup ours, PortalRecordMapper.MappedCheckup theirs) {
    if (ours == null) {
      return Map.of();
    }
    Map<String, String> ourValues = new HashMap<>();
    for (Checkup.Finding finding : ours.findings()) {
      if (!"entered-in-error".equals(finding.status()) && finding.childId() == null) {
        ourValues.put(finding.itemCode(), PortalRecordMapper.comparable(finding.value()));
      }
    }
    Map<String, String> theirValues = new LinkedHashMap<>();
    theirs
        .findings()
        .forEach(f -> theirValues.put(f.itemCode(), PortalRecordMapper.comparable(f.value())));
    return PortalRecordMapper.differences(ourValues, theirValues);
  }

  private static Map<String, String[]> differences(
      ImmunizationRecord ours, PortalRecordMapper.MappedDose theirs) {
    if (ours == null) {
      return Map.of();
    }
    Map<String, String> ourValues = new HashMap<>();
    Map<String, String> theirValues = new LinkedHashMap<>();
    put(ourValues, "dose", ours.doseLabel());
    put(theirValues, "dose", theirs.doseLabel());
    put(ourValues, "lotNumber", ours.lotNumber());
    put(theirValues, "lotNumber", theirs.lotNumber());
    put(ourValues, "product", ours.product());
    put(theirValues, "product", theirs.product());
    return PortalRecordMapper.differences(ourValues, theirValues);
  }

  private static void put(Map<String, String> values, String key, String value) {
    if (value != null && !value.isBlank()) {
      values.put(key, value.trim());
    }
  }

  private static ObjectNode content(Checkup ours) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", ours.kind());
    node.put("date", ours.visitDate().toString());
    node.put("facility", ours.facilityName());
    ObjectNode values = node.putObject("values");
    ours.findings().stream()
        .filter(f -> !"entered-in-error".equals(f.status()) && f.childId() == null)
        .sorted(java.util.Comparator.comparing(Checkup.Finding::itemCode))
        .forEach(f -> values.put(f.itemCode(), PortalRecordMapper.describe(f.value())));
    return node;
  }

  private static ObjectNode content(ImmunizationRecord ours) {
    ObjectNode node = JSON.createObjectNode();
    node.put("vaccineKind", ours.vaccineKind());
    node.put("product", ours.product());
    node.put("dose", ours.doseLabel());
    node.put("date", ours.occurrenceDate().toString());
    node.put("lotNumber", ours.lotNumber());
    node.put("facility", ours.performerName());
    return node;
  }

  private String describe(PortalRecordMapper.MappedCheckup checkup) {
    return "健診 " + catalog.kindLabel(checkup.kind()).ja();
  }

  private String describe(PortalRecordMapper.MappedDose dose) {
    return "予防接種 "
        + vaccines.kind(dose.vaccineKind()).map(k -> k.label().ja()).orElse(dose.vaccineKind())
        + (dose.doseLabel() == null ? "" : " " + dose.doseLabel());
  }
}
