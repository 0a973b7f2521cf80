package app.sukoyaka.phr;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Bodies of the access history (やりとり履歴) API, and the pure mapping of a log row to them. */
final class AccessHistoryBodies {
  private AccessHistoryBodies() {}

  @Serdeable
  record Localized(String ja, String en) {}

  /**
   * Who accessed: {@code kind} is you, other-guardian, clinic, municipality, resident or app.
   *
   * @param name the clinic's name, the municipality's, the other guardian's, or the app's id
   */
  @Serdeable
  record Who(String kind, String name) {}

  @Serdeable
  record Subject(String type, UUID id, String name) {}

  /** What was done: the action's code, the kind of record it touched and its words. */
  @Serdeable
  record What(String action, String record, Localized text, Subject subject) {}

  @Serdeable
  record Why(String purpose, Localized text) {}

  /** One access; outcome denied when the access was refused (it is shown too). */
  @Serdeable
  record Entry(long id, Instant at, Who who, What what, Why why, String outcome) {}

  @Serdeable
  record Page(List<Entry> entries, int page, int size, @Nullable Integer nextPage) {}

  @Serdeable
  record Export(Instant exportedAt, List<Entry> entries) {}

  static Who who(AccessHistory.Row row) {
    if (row.actorIsYou()) {
      return new Who("you", "あなた / you");
    }
    switch (row.actorRole()) {
      case "guardian":
        if (row.actorPersonName() != null) {
          return new Who("other-guardian", row.actorPersonName());
        }
        // Unnamed: a refused attempt, perhaps by someone of another family (see AccessHistory).
        return new Who(
            "other-guardian",
            "allowed".equals(row.outcome())
                ? "もう一人の保護者 / other guardian"
                : "ほかの保護者 / another guardian");
      case "resident":
        // A resident's login id is another person's identifier: never shown.
        return new Who(
            "resident", row.actorPersonName() != null ? row.actorPersonName() : "住民 / resident");
      case "clinic":
        return new Who("clinic", row.facilityName() != null ? row.facilityName() : row.actorId());
      case "staff":
        return new Who(
            "municipality",
            row.municipalityName() != null ? row.municipalityName() : "市区町村 / municipality");
      default:
        return new Who("app", row.actorId());
    }
  }

  static Entry entry(AccessHistory.Row row, AccessHistoryWords words) {
    AccessHistoryWords.Action action = words.action(row.action());
    AccessHistoryWords.Purpose purpose = words.purpose(row.purpose());
    return new Entry(
        row.id(),
        row.occurredAt(),
        who(row),
        new What(
            row.action(),
            action.record(),
            new Localized(action.ja(), action.en()),
            new Subject(row.subjectType(), row.subjectId(), row.subjectName())),
        new Why(row.purpose(), new Localized(purpose.ja(), purpose.en())),
        row.outcome());
  }

  static final List<String> CSV_COLUMNS =
      List.of(
          "occurred_at",
          "who_kind",
          "who",
          "action",
          "what_ja",
          "what_en",
          "record",
          "subject_type",
          "subject_id",
          "subject",
          "purpose",
          "why_ja",
          "why_en",
          "outcome");

  static List<String> csvRow(Entry entry) {
    List<String> cells = new ArrayList<>();
    cells.add(entry.at().toString());
    cells.add(entry.who().kind());
    cells.add(entry.who().name());
    cells.add(entry.what().action());
    cells.add(entry.what().text().ja());
    cells.add(entry.what().text().en());
    cells.add(entry.what().record());
    cells.add(entry.what().subject().type());
    cells.add(entry.what().subject().id().toString());
    cells.add(entry.what().subject().name());
    cells.add(entry.why().purpose());
    cells.add(entry.why().text().ja());
    cells.add(entry.why().text().en());
    cells.add(entry.outcome());
    return cells;
  }
}
