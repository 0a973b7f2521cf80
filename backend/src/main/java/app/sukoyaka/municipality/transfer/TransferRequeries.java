package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.WorkList;
import app.sukoyaka.security.Principal;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The re-queries of the previous municipalities: for each child who moved in, the day about three
 * months later when the records registered there after the move are to be fetched again (seed 000
 * (2)②); due ones first, then the scheduled ones, then those done in the last 30 days.
 */
@Singleton
class TransferRequeries implements WorkList {
  static final String NAME = "transfer-requeries";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final int DONE_SHOWN_DAYS = 30;

  /** A handbook Bundle brought to the dashboard: as large as the API takes one. */
  static final int BUNDLE_MAX_BYTES = 1024 * 1024;

  private final JdbcOperations jdbc;
  private final TransferRules rules;
  private final TransfersIn transfersIn;
  private final Clock clock;

  TransferRequeries(
      JdbcOperations jdbc, TransferRules rules, TransfersIn transfersIn, Clock clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.transfersIn = transfersIn;
    this.clock = clock;
  }

  @Override
  public List<Action> actions(Row row) {
    if (row.status().equals("done")) {
      return List.of();
    }
    return List.of(
        new Action(
            "import-handbook",
            new Text("新しい手帳を取り込む", "Import the newer handbook"),
            new Text(
                "転入前の市区町村から再照会で受け取った母子健康手帳のBundle（JSON）を取り込みます。期日到来後なら再照会は完了します。変わった記録は確認待ちになります。",
                "Takes in the handbook Bundle (JSON) the previous municipality sent in answer to"
                    + " the re-query; once due, this completes the re-query. Changed records"
                    + " wait for a decision."),
            List.of(
                new Field(
                    "bundle",
                    new Text("手帳のBundle（JSONファイル）", "Handbook Bundle (JSON file)"),
                    FieldType.FILE,
                    true,
                    BUNDLE_MAX_BYTES,
                    List.of()))),
        new Action(
            "complete",
            new Text("追加の記録なしで完了", "Done, nothing more"),
            new Text(
                "転入前の市区町村に照会し、追加の記録がなかったときに完了にします。",
                "Marks the re-query done when the previous municipality had no further records."),
            List.of(NOTE)));
  }

  @Override
  public Text act(Principal principal, String municipalityCode, String rowId, Request request) {
    UUID transferId = TransferController.id(rowId);
    if (request.action().equals("complete")) {
      transfersIn.completeRequery(principal, municipalityCode, transferId, request.value("note"));
      return new Text("再照会を完了にしました。", "The re-query is marked done.");
    }
    if (request.action().equals("import-handbook")) {
      String bundle = new String(request.file(), StandardCharsets.UTF_8);
      TransfersIn.Outcome outcome =
          transfersIn.importForTransfer(
              principal,
              municipalityCode,
              transferId,
              new TransfersIn.Source(bundle, null, null, null, List.of(), false));
      if (outcome.repeated()) {
        return new Text(
            "この手帳は取り込み済みです。変更はありません。", "This handbook was taken in before; nothing changed.");
      }
      TransferStore.ImportRow imported = outcome.imported();
      return new Text(
          "取り込みました：追加 "
              + imported.added()
              + " 件、変更なし "
              + imported.unchanged()
              + " 件、確認待ち "
              + imported.conflicts()
              + " 件。",
          "Imported: "
              + imported.added()
              + " added, "
              + imported.unchanged()
              + " unchanged, "
              + imported.conflicts()
              + " to decide.");
    }
    return WorkList.super.act(principal, municipalityCode, rowId, request);
  }

  static final Field NOTE =
      new Field("note", new Text("メモ", "Note"), FieldType.TEXT, false, 1000, List.of());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Text title() {
    return new Text("転入者の予防接種記録等の再照会", "Re-queries of the previous municipality");
  }

  @Override
  public Text definition() {
    return new Text(
        "転入した子どもごとに、転入から"
            + rules.requeryAfter()
            + "（ISO 8601）後に転入前の市区町村へ記録を再度照会する予定です。転入直後の照会の時点では転入前の市区町村で副本登録が済んでいない記録があるためです（"
            + rules.source()
            + "：「"
            + rules.requeryQuote()
            + "」）。期日が来たものは「期日到来」。新しい手帳のBundleを取り込むと完了し、追加の記録がない場合は完了にできます。完了後30日間表示します。",
        "For each child who moved in, the previous municipality is to be queried again "
            + rules.requeryAfter()
            + " (ISO 8601) after the move, for records it registered after the first query"
            + " (seed 000 (2)②, about three months). Due ones are listed first. Importing a newer"
            + " handbook Bundle completes it; staff mark it done when there is nothing more. Done"
            + " ones stay listed for 30 days.");
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("transferId", new Text("転入ID", "Transfer")),
        new Column("child", new Text("子どもの氏名", "Child")),
        new Column("birthDate", new Text("生年月日", "Date of birth")),
        new Column("previousMunicipality", new Text("転入前の市区町村", "Previous municipality")),
        new Column("previousMunicipalityCode", new Text("団体コード", "Municipality code")),
        new Column("movedInOn", new Text("転入記録日", "Moved in on")),
        new Column("requeryDue", new Text("再照会期日", "Re-query due")),
        new Column("doneOn", new Text("完了日", "Done on")),
        new Column("note", new Text("メモ", "Note")));
  }

  @Override
  public List<Column> statuses() {
    return List.of(
        new Column("due", new Text("期日到来", "Due")),
        new Column("scheduled", new Text("予定", "Scheduled")),
        new Column("done", new Text("完了", "Done")));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Row> rows(UUID municipalityId, LocalDate today) {
    return jdbc.prepareStatement(
        "SELECT t.id, t.child_id, NULLIF(concat_ws(' ', c.family_name, c.given_name), ''),"
            + " c.birth_date, t.from_name, t.from_code, t.created_at, t.requery_due,"
            + " t.requery_done_at, t.requery_note"
            + " FROM transfer_in t JOIN child c ON c.id = t.child_id"
            + " WHERE t.municipality_id = ? AND (t.requery_done_at IS NULL OR t.requery_done_at >= ?)"
            + " ORDER BY (t.requery_done_at IS NOT NULL), t.requery_due, t.created_at",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setTimestamp(
              2, Timestamp.from(clock.instant().minusSeconds(DONE_SHOWN_DAYS * 86_400L)));
          List<Row> due = new ArrayList<>();
          List<Row> scheduled = new ArrayList<>();
          List<Row> done = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              LocalDate requeryDue = rs.getObject(8, LocalDate.class);
              Timestamp doneAt = rs.getTimestamp(9);
              Map<String, String> cells = new LinkedHashMap<>();
              cells.put("transferId", rs.getObject(1, UUID.class).toString());
              cells.put("child", rs.getString(3));
              cells.put("birthDate", rs.getObject(4, LocalDate.class).toString());
              cells.put("previousMunicipality", rs.getString(5));
              cells.put("previousMunicipalityCode", rs.getString(6));
              cells.put(
                  "movedInOn",
                  rs.getTimestamp(7).toInstant().atZone(JAPAN).toLocalDate().toString());
              cells.put("requeryDue", requeryDue.toString());
              cells.put(
                  "doneOn",
                  doneAt == null
                      ? null
                      : doneAt.toInstant().atZone(JAPAN).toLocalDate().toString());
              cells.put("note", rs.getString(10));
              String status =
                  doneAt != null ? "done" : requeryDue.isAfter(today) ? "scheduled" : "due";
              Row row =
                  new Row(
                      rs.getObject(1, UUID.class).toString(),
                      rs.getObject(2, UUID.class),
                      status,
                      cells);
              (status.equals("due") ? due : status.equals("scheduled") ? scheduled : done).add(row);
            }
          }
          List<Row> rows = new ArrayList<>(due);
          rows.addAll(scheduled);
          rows.addAll(done);
          return rows;
        });
  }
}
