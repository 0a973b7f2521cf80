package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.immunization.VaccinationDraft;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A child's handbook as another municipality (or the family) handed it over, read from a FHIR
 * Bundle or from the mandatory items entered as JSON, before any rule is applied: the child, its
 * checkups with their findings, its vaccinations, each record with the key it is known by where it
 * was first registered, the records the family wrote themselves (a family's own download), and what
 * was left out and why.
 *
 * @param kind a whole handbook (every standing record) or the corrections of some records
 * @param sender the municipality that produced it, when the document says so (else null)
 * @param documentId the Bundle's identifier, or null
 * @param producedAt when it was produced, or null
 */
public record HandbookPackage(
    Kind kind,
    Sender sender,
    String documentId,
    Instant producedAt,
    PackageChild child,
    List<IncomingCheckup> checkups,
    List<IncomingVaccination> vaccinations,
    List<Skipped> skipped,
    List<app.sukoyaka.family.records.OwnRecords.Brought> ownRecords) {

  public HandbookPackage {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(child, "child");
    checkups = List.copyOf(checkups);
    vaccinations = List.copyOf(vaccinations);
    skipped = List.copyOf(skipped);
    ownRecords = List.copyOf(ownRecords);
  }

  /** A handbook without records the family wrote themselves (a municipality's document). */
  public HandbookPackage(
      Kind kind,
      Sender sender,
      String documentId,
      Instant producedAt,
      PackageChild child,
      List<IncomingCheckup> checkups,
      List<IncomingVaccination> vaccinations,
      List<Skipped> skipped) {
    this(kind, sender, documentId, producedAt, child, checkups, vaccinations, skipped, List.of());
  }

  /** What the document is. */
  public enum Kind {
    /** Every standing record of the child: what a transfer or a re-query brings. */
    HANDBOOK("handbook"),
    /** Only records that were corrected or withdrawn since they were sent. */
    CORRECTION("correction");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** A municipality by its 全国地方公共団体コード and name. */
  public record Sender(String code, String name) {}

  /**
   * The child as the handbook names it.
   *
   * @param sex female, male or unknown
   * @param handbookNumbers the handbook numbers it carries, each with its issuing municipality
   */
  public record PackageChild(
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      LocalDate birthDate,
      String sex,
      int birthOrder,
      List<HandbookNumber> handbookNumbers) {
    public PackageChild {
      Objects.requireNonNull(birthDate, "birthDate");
      Objects.requireNonNull(sex, "sex");
      handbookNumbers = List.copyOf(handbookNumbers);
    }
  }

  /** A 母子健康手帳 交付番号 with the municipality that issued it. */
  public record HandbookNumber(String municipalityCode, String number) {}

  /**
   * How a record is known where it was first registered: that municipality's code and its id there.
   * The code is null when the document did not say and no previous municipality was named (the
   * caller fills in the municipality it came from).
   */
  public record RecordKey(String municipalityCode, String id) {
    public RecordKey {
      Objects.requireNonNull(id, "id");
    }

    public RecordKey withDefaultMunicipality(String code) {
      return municipalityCode != null ? this : new RecordKey(code, id);
    }
  }

  /** A facility by its 医療機関コード (null when the record gave none) and name. */
  public record Facility(String medicalInstitutionCode, String name) {}

  /**
   * One checkup of the child with its current findings (withdrawn ones are absent).
   *
   * @param at where in the input it is, for errors (a FHIRPath or a JSON pointer)
   */
  public record IncomingCheckup(
      RecordKey key,
      String kind,
      String encounterClass,
      String kindName,
      LocalDate visitDate,
      Facility facility,
      List<IncomingFinding> findings,
      String at) {
    public IncomingCheckup {
      findings = List.copyOf(findings);
    }
  }

  /**
   * One finding as given: a quantity in the unit the sender used, an answer code, a flag…
   *
   * @param observation the Observation it belongs to in the input (a blood-pressure panel gives two
   *     findings of one Observation); findings of one observation are corrected together
   * @param at where in the input it is, for errors
   * @param answered when the questionnaire it answers was answered: set for an answer of a
   *     QuestionnaireResponse (the EPDS), whose {@code observation} is that response; null for a
   *     finding of an Observation
   */
  public record IncomingFinding(
      String observation,
      String itemCode,
      FindingValue value,
      String sourceSystem,
      String sourceCode,
      String at,
      Instant answered) {

    /** A finding of an Observation. */
    public IncomingFinding(
        String observation,
        String itemCode,
        FindingValue value,
        String sourceSystem,
        String sourceCode,
        String at) {
      this(observation, itemCode, value, sourceSystem, sourceCode, at, null);
    }

    /** Whether it is an answer of a questionnaire rather than a finding of an Observation. */
    public boolean isAnswer() {
      return answered != null;
    }
  }

  /**
   * One vaccination as the sender recorded it.
   *
   * @param originSource how it was first recorded (clinic, municipal, parent, transfer, abroad…),
   *     when the sender said
   * @param verification verified, unverified or rejected, as the sender said (null: verified, as a
   *     municipality's record is)
   * @param retracted the sender withdrew it (entered in error)
   * @param at where in the input it is, for errors
   */
  public record IncomingVaccination(
      RecordKey key,
      VaccinationDraft draft,
      String originSource,
      String verification,
      boolean retracted,
      String at) {}

  /** A resource of the input that is not taken over, and why. */
  public record Skipped(String resource, String reason) {}
}
