package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.transfer.HandbookPackage.HandbookNumber;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The interchange format of handbooks between municipalities, FHIR R4: the document Bundle of the
 * handbook ({@code Patient/$summary}'s format, with the sender and each record's origin named), the
 * family's own download, and the document of corrected records. Implemented in the FHIR facade, so
 * that this package stays free of HAPI.
 */
public interface TransferFormat {

  /**
   * Reads a handbook Bundle: a document (a municipality's transfer or corrections, or the FHIR
   * summary) or a collection (the family's download of all their data).
   *
   * @param patientId which Patient of a collection is the child, when it holds several children
   * @throws app.sukoyaka.platform.ProblemException when it is not a Bundle of a handbook
   *     (SKY-6001), a resource does not conform to its profile (SKY-6002), or it names no child or
   *     several (SKY-6003)
   */
  HandbookPackage read(String json, String patientId);

  /**
   * Reads the pregnancies of one pregnant person from the family's download (a collection): each
   * pregnancy with its visits, her vaccinations and own records during it, and the notices the
   * download holds.
   *
   * @param patientId her Patient in the Bundle; null: the only person with pregnancies there
   * @throws app.sukoyaka.platform.ProblemException when it is not a Bundle (SKY-6001), a resource
   *     breaks its profile or a rule of the format (SKY-6002), or it holds no pregnancy (SKY-7404)
   */
  PregnancyPackage readPregnancies(String json, String patientId);

  /** Writes a child's handbook, or some of its records, as a document for another municipality. */
  Document write(Outgoing outgoing);

  /**
   * What to write.
   *
   * @param documentId the id of the document (the transfer-out or the correction)
   * @param sender the municipality writing it (its custodian)
   * @param handbookNumbers handbook numbers the child carries besides its own (the handbook a child
   *     who moved in brought along)
   * @param origins the records taken over from elsewhere, by our id: where they were first
   *     registered and their id there
   * @param immunizationIds only these vaccination records, even withdrawn ones (a correction);
   *     null: every standing one
   * @param checkupIds only these checkups (a correction); null: every one
   */
  record Outgoing(
      UUID documentId,
      HandbookPackage.Kind kind,
      UUID childId,
      Sender sender,
      List<HandbookNumber> handbookNumbers,
      Map<UUID, RecordKey> origins,
      Set<UUID> immunizationIds,
      Set<UUID> checkupIds) {}

  /**
   * A written document with the records it holds.
   *
   * @param json the Bundle
   * @param records each record it carries, with its version (what was sent)
   */
  record Document(String json, List<SentRecord> records) {
    public Document {
      records = List.copyOf(records);
    }
  }

  /**
   * A record a document carries.
   *
   * @param type immunization, checkup or observation
   */
  record SentRecord(String type, UUID id, int version) {}
}
