package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.WorkList;
import app.sukoyaka.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
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
 * Whom to tell of a correction (seed 000 (2)③ 2)): each municipality a corrected record was sent to
 * (tell it the data was corrected, with the Bundle of the corrected records), and the one that
 * first registered a record taken over from it (ask it to correct its own); open and contacted
 * ones, then those done in the last 30 days.
 */
@Singleton
class CorrectionContacts implements WorkList {
  static final String NAME = "correction-contacts";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final int DONE_SHOWN_DAYS = 30;

  private final JdbcOperations jdbc;
  private final Corrections corrections;
  private final Clock clock;

  CorrectionContacts(JdbcOperations jdbc, Corrections corrections, Clock clock) {
    this.jdbc = jdbc;
    this.corrections = corrections;
    this.clock = clock;
  }

  @Override
  public List<Action> actions(Row row) {
    Action done =
        new Action(
            "done",
            new Text("完了", "Done"),
            new Text(
                "先方が訂正を受け取った（または自らの記録を修正した）ことを確認したら完了にします。",
                "Once they confirmed the correction (or corrected their own record)."),
            List.of(TransferRequeries.NOTE));
    if (row.status().equals("open")) {
      return List.of(
          new Action(
              "contacted",
              new Text("連絡済み", "Contacted"),
              new Text(
                  "先方に連絡したら記録します。訂正後の記録のBundleを送付したことも記録されます。",
                  "Records that they were told; the sending of the corrected records' Bundle is"
                      + " recorded with it."),
              List.of(TransferRequeries.NOTE)),
          done);
    }
    if (row.status().equals("contacted")) {
      return List.of(done);
    }
    return List.of();
  }

  @Override
  public Text act(Principal principal, String municipalityCode, String rowId, Request request) {
    if (!request.action().equals("contacted") && !request.action().equals("done")) {
      return WorkList.super.act(principal, municipalityCode, rowId, request);
    }
    corrections.updateContact(
        principal,
        municipalityCode,
        TransferController.id(rowId),
        request.action(),
        request.value("note"));
    return request.action().equals("done")
        ? new Text("完了にしました。", "Marked done.")
        : new Text("連絡済みにしました。", "Marked contacted.");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Text title() {
    return new Text("記録の訂正の連絡先", "Whom to tell of a corrected record");
  }

  @Override
  public Text definition() {
    return new Text(
        "記録を訂正・取消したときに連絡が必要な市区町村です。「送付先」はその記録を転出時などに送った市区町村で、訂正した旨を連絡し訂正後の記録（FHIR Bundle）を送ります。「登録元」はその記録を最初に登録した市区町村で、先方のデータの修正を依頼します（厚生労働省事務連絡 平成28年12月14日 (2)③2)）。保護者にはお知らせで連絡済みです。連絡したら「連絡済み」、先方の対応を確認したら「完了」にします。完了後30日間表示します。",
        "Municipalities to tell when a record was corrected or withdrawn: those it was sent to"
            + " (tell them the data was corrected and send the Bundle of the corrected records)"
            + " and the one that first registered it (ask it to correct its own), as seed 000"
            + " (2)③2) asks. The guardians were told by a notice. Mark a contact contacted once"
            + " told, and done once they confirmed. Done ones stay listed for 30 days.");
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("contactId", new Text("ID", "Contact")),
        new Column("correctionId", new Text("訂正ID", "Correction")),
        new Column("child", new Text("子どもの氏名", "Child")),
        new Column("record", new Text("記録", "Record")),
        new Column("action", new Text("訂正の種類", "Correction")),
        new Column("correctedOn", new Text("訂正日", "Corrected on")),
        new Column("municipality", new Text("連絡先の市区町村", "Municipality to tell")),
        new Column("municipalityCode", new Text("団体コード", "Municipality code")),
        new Column("reason", new Text("連絡の理由", "Why")),
        new Column("note", new Text("メモ", "Note")));
  }

  @Override
  public List<Column> statuses() {
    return List.of(
        new Column("open", new Text("未連絡", "To contact")),
        new Column("contacted", new Text("連絡済み", "Contacted")),
        new Column("done", new Text("完了", "Done")));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Row> rows(UUID municipalityId, LocalDate today) {
    return jdbc.prepareStatement(
        "SELECT k.id, k.correction_id, r.child_id,"
            + " NULLIF(concat_ws(' ', c.family_name, c.given_name), ''), r.record_type,"
            + " r.before::text, r.action, r.corrected_at, k.to_name, k.to_code, k.reason,"
            + " k.status, k.note FROM correction_contact k"
            + " JOIN record_correction r ON r.id = k.correction_id JOIN child c ON c.id = r.child_id"
            + " WHERE k.municipality_id = ? AND (k.status <> 'done' OR k.updated_at >= ?)"
            + " ORDER BY CASE k.status WHEN 'open' THEN 0 WHEN 'contacted' THEN 1 ELSE 2 END,"
            + " r.corrected_at, k.to_code",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setTimestamp(
              2, Timestamp.from(clock.instant().minusSeconds(DONE_SHOWN_DAYS * 86_400L)));
          List<Row> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              JsonNode before = parse(rs.getString(6));
              Map<String, String> cells = new LinkedHashMap<>();
              cells.put("contactId", rs.getObject(1, UUID.class).toString());
              cells.put("correctionId", rs.getObject(2, UUID.class).toString());
              cells.put("child", rs.getString(4));
              String type = rs.getString(5).equals("immunization") ? "immunization" : "checkup";
              cells.put(
                  "record",
                  TransferConflicts.describe(type, before) + " " + before.path("date").asText(""));
              cells.put(
                  "action",
                  rs.getString(7).equals("retract") ? "取消し (withdrawn)" : "訂正 (corrected)");
              cells.put(
                  "correctedOn",
                  rs.getTimestamp(8).toInstant().atZone(JAPAN).toLocalDate().toString());
              cells.put("municipality", rs.getString(9));
              cells.put("municipalityCode", rs.getString(10));
              cells.put(
                  "reason",
                  rs.getString(11).equals("sent")
                      ? "送付先に訂正を連絡 (sent the record)"
                      : "登録元に修正を依頼 (registered the record)");
              cells.put("note", rs.getString(13));
              rows.add(
                  new Row(
                      rs.getObject(1, UUID.class).toString(),
                      rs.getObject(3, UUID.class),
                      rs.getString(12),
                      cells));
            }
          }
          return rows;
        });
  }

  private static JsonNode parse(String json) {
    try {
      return TransferContent.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
