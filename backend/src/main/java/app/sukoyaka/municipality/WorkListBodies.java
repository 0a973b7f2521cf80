package app.sukoyaka.municipality;

import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON of the work lists (api-spec: WorkListSummary, WorkListBody). */
final class WorkListBodies {
  private WorkListBodies() {}

  @Serdeable
  record Text(String ja, String en) {
    static Text of(WorkList.Text text) {
      return new Text(text.ja(), text.en());
    }
  }

  @Serdeable
  record ColumnBody(String key, Text label) {
    static ColumnBody of(WorkList.Column column) {
      return new ColumnBody(column.key(), Text.of(column.label()));
    }
  }

  @Serdeable
  record SummaryBody(String name, Text title, Text definition, long count) {}

  @Serdeable
  record SummaryListBody(String municipalityCode, List<SummaryBody> lists) {}

  @Serdeable
  record RowBody(String id, UUID childId, String status, Map<String, String> cells) {}

  @Serdeable
  record ListBody(
      String name,
      String municipalityCode,
      LocalDate asOf,
      Text title,
      Text definition,
      List<ColumnBody> columns,
      List<ColumnBody> statuses,
      List<RowBody> rows) {}

  static ListBody of(WorkLists.View view) {
    WorkList list = view.list();
    return new ListBody(
        list.name(),
        view.municipality().code(),
        view.asOf(),
        Text.of(list.title()),
        Text.of(list.definition()),
        list.columns().stream().map(ColumnBody::of).toList(),
        list.statuses().stream().map(ColumnBody::of).toList(),
        view.rows().stream()
            .map(r -> new RowBody(r.id(), r.childId(), r.status(), r.cells()))
            .toList());
  }
}
