package app.sukoyaka.phr;

import java.util.List;
import java.util.UUID;

/**
 * One kind of record in the guardian's download of all their data: a CSV file of the ZIP and, for
 * the kinds that are not clinical records (which travel as FHIR resources of their own), a table
 * attached to the FHIR Bundle. Every bean of this type is collected by injection, so a new kind of
 * record (a parent's own entries) joins the download with one class.
 */
public interface PersonalDataContribution {

  /** The file name without {@code .csv}, e.g. {@code immunizations}; unique. */
  String kind();

  /** What the file holds, for the README and the bundle. */
  String description();

  /** The columns in order, each with what it means. */
  List<Column> columns();

  /** The rows about the guardian and the family they may read, each as many cells as columns. */
  List<List<String>> rows(Scope scope);

  /** Whether the records are also in the FHIR Bundle as clinical resources of their own. */
  default boolean clinical() {
    return false;
  }

  /** A documented column. */
  record Column(String name, String description) {}

  /**
   * Whose data: the guardian and the children and pregnancies they may read now.
   *
   * @param loginSubject the guardian's login, which some records name as who entered them
   */
  record Scope(
      UUID personId,
      UUID municipalityId,
      String loginSubject,
      List<UUID> childIds,
      List<UUID> pregnancyIds) {
    public Scope {
      childIds = List.copyOf(childIds);
      pregnancyIds = List.copyOf(pregnancyIds);
    }
  }
}
