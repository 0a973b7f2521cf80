package app.sukoyaka.family.records;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The parent API's shapes of own records; never the table row. */
final class OwnRecordBodies {
  private OwnRecordBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record Quantity(BigDecimal value, String unit) {}

  /**
   * A create or an update as the app sends it.
   *
   * @param clientId the app's id of the record (create only; a repeat is idempotent)
   * @param baseVersion the version the change is based on (update and delete, instead of If-Match)
   */
  @Serdeable
  record OwnRecordInput(
      @Nullable UUID clientId,
      @Nullable String kind,
      @Nullable String item,
      @Nullable String date,
      @Nullable Quantity quantity,
      @Nullable String answer,
      @Nullable String text,
      @Nullable String author,
      @Nullable Integer baseVersion) {}

  @Serdeable
  record Owner(String type, UUID id) {}

  /**
   * One own record; {@code recordedBy} is always {@code parent}.
   *
   * @param deletedAt set only on the tombstone a conflict returns
   */
  @Serdeable
  record OwnRecordBody(
      UUID id,
      UUID clientId,
      Owner owner,
      String kind,
      @Nullable String item,
      @Nullable Text itemLabel,
      LocalDate date,
      @Nullable Quantity quantity,
      @Nullable String answer,
      @Nullable Text answerLabel,
      @Nullable String text,
      String author,
      Text authorLabel,
      String recordedBy,
      int version,
      Instant createdAt,
      Instant updatedAt,
      @Nullable Instant deletedAt) {}

  @Serdeable
  record OwnRecordList(Owner owner, List<OwnRecordBody> records) {}

  /** problem+json of a conflict, with the record as the server holds it. */
  @Serdeable
  record ConflictProblem(
      String type,
      String title,
      int status,
      String detail,
      String code,
      String instance,
      OwnRecordBody current) {}

  @Serdeable
  record Unit(String ucum, BigDecimal factor) {}

  @Serdeable
  record Range(BigDecimal min, BigDecimal max) {}

  @Serdeable
  record Window(int from, int by, String unit) {}

  @Serdeable
  record Answer(String code, Text label) {}

  /** One recordable item for the app's forms. */
  @Serdeable
  record ItemBody(
      String kind,
      String code,
      Text label,
      List<String> owners,
      @Nullable String catalogItem,
      @Nullable List<Unit> units,
      @Nullable Range childRange,
      @Nullable Range pregnancyRange,
      @Nullable String answerSet,
      @Nullable Window typical,
      @Nullable String page) {}

  @Serdeable
  record PageBody(
      String code, Text label, int fromMonths, int untilMonths, List<String> questions) {}

  @Serdeable
  record AuthorBody(String code, Text label) {}

  @Serdeable
  record AnswerSetBody(String code, List<Answer> answers) {}

  @Serdeable
  record ItemsBody(
      String version,
      String effectiveFrom,
      List<String> sources,
      Text note,
      List<ItemBody> items,
      List<PageBody> pages,
      List<AnswerSetBody> answerSets,
      List<AuthorBody> authors) {}
}
