package app.sukoyaka.phr;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.records.OwnRecord;
import app.sukoyaka.family.records.OwnRecordItems;
import app.sukoyaka.family.records.OwnRecords;
import app.sukoyaka.fhir.PersonalDataBundles;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The guardian's download of everything held about them and their family: the contributions of
 * every kind of record, as a ZIP of CSV files or as one FHIR Bundle. Each child and pregnancy is
 * read through the access policy and the read is logged. One transaction, so every file is read
 * from the same state of the records.
 */
@Singleton
class MyDataExport {
  static final String PURPOSE = "data-portability";

  private final FamilyService families;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final List<PersonalDataContribution> contributions;
  private final PersonalDataBundles bundles;
  private final OwnRecords ownRecords;
  private final ReceivedNotices notices;

  /** The kinds that travel in the FHIR Bundle as resources of their own, not as a table. */
  static final Set<String> AS_RESOURCES = Set.of("own-records", "notices");

  MyDataExport(
      FamilyService families,
      AccessGuard guard,
      AccessLog accessLog,
      List<PersonalDataContribution> contributions,
      PersonalDataBundles bundles,
      OwnRecords ownRecords,
      ReceivedNotices notices) {
    this.families = families;
    this.guard = guard;
    this.accessLog = accessLog;
    Set<String> kinds = new HashSet<>();
    for (PersonalDataContribution contribution : contributions) {
      if (!kinds.add(contribution.kind())) {
        throw new IllegalStateException("Two contributions of " + contribution.kind());
      }
    }
    this.contributions =
        contributions.stream()
            .sorted(Comparator.comparing(PersonalDataContribution::kind))
            .toList();
    this.bundles = bundles;
    this.ownRecords = ownRecords;
    this.notices = notices;
  }

  List<PersonalDataContribution> contributions() {
    return contributions;
  }

  /** The ZIP: README.txt with the columns of every file, then one CSV per kind. */
  @Transactional
  public byte[] csvZip(Principal principal) {
    Family family = family(principal, "export-csv");
    List<String> names = new ArrayList<>();
    List<byte[]> files = new ArrayList<>();
    StringBuilder readme = new StringBuilder("Sukoyaka: all your data / すべてのデータ\r\n\r\n");
    for (PersonalDataContribution contribution : contributions) {
      names.add(contribution.kind() + ".csv");
      files.add(
          CsvTables.csv(
              contribution.columns().stream().map(PersonalDataContribution.Column::name).toList(),
              contribution.rows(family.scope())));
      readme.append(contribution.kind()).append(".csv: ").append(contribution.description());
      readme.append("\r\n");
      for (PersonalDataContribution.Column column : contribution.columns()) {
        readme.append("  ").append(column.name()).append(": ").append(column.description());
        readme.append("\r\n");
      }
      readme.append("\r\n");
    }
    names.add(0, "README.txt");
    files.add(0, readme.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return CsvTables.zip(names, files);
  }

  /**
   * The FHIR Bundle (collection) as JSON: the records, an IPS-style document per person, the own
   * records and notices as resources, the other tables.
   */
  @Transactional
  public String fhirBundle(Principal principal) {
    Family family = family(principal, "export-fhir");
    List<PersonalDataBundles.Table> tables = new ArrayList<>();
    for (PersonalDataContribution contribution : contributions) {
      if (contribution.clinical() || AS_RESOURCES.contains(contribution.kind())) {
        continue;
      }
      tables.add(
          new PersonalDataBundles.Table(
              contribution.kind(),
              contribution.description(),
              CsvTables.csv(
                  contribution.columns().stream()
                      .map(PersonalDataContribution.Column::name)
                      .toList(),
                  contribution.rows(family.scope()))));
    }
    List<OwnRecord> own = new ArrayList<>();
    for (Child child : family.guardian().children()) {
      own.addAll(ownRecords.forDownload(OwnRecordItems.Owner.CHILD, child.id()));
    }
    for (Pregnancy pregnancy : family.guardian().pregnancies()) {
      own.addAll(ownRecords.forDownload(OwnRecordItems.Owner.PREGNANCY, pregnancy.id()));
    }
    return bundles.bundle(family.guardian(), tables, own, notices.of(family.guardian().personId()));
  }

  private record Family(Guardian guardian, PersonalDataContribution.Scope scope) {}

  private Family family(Principal principal, String action) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(ErrorCode.WRONG_ROLE, "Only guardians download their data.");
    }
    Guardian guardian =
        families
            .guardian(principal.subject())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.ACCOUNT_NO_PERSON, "No account on record for this login."));
    List<ProtectedSubject> subjects = new ArrayList<>();
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      subjects.add(FamilySubjects.of(pregnancy, Set.of()));
    }
    for (Child child : guardian.children()) {
      subjects.add(FamilySubjects.of(child));
    }
    for (ProtectedSubject subject : subjects) {
      guard.require(principal, AccessPolicy.Action.READ, subject, action, PURPOSE);
      accessLog.access(principal, subject, action, PURPOSE, true);
    }
    java.util.UUID municipality =
        guardian.children().isEmpty() && guardian.pregnancies().isEmpty()
            ? null
            : subjects.get(0).municipalityId();
    return new Family(
        guardian,
        new PersonalDataContribution.Scope(
            guardian.personId(),
            municipality,
            principal.subject(),
            guardian.children().stream().map(Child::id).toList(),
            guardian.pregnancies().stream().map(Pregnancy::id).toList()));
  }
}
