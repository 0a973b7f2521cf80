package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.WorkList;
import app.sukoyaka.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records the previous municipality changed, withdrew or no longer has since they were taken over,
 * each beside ours, waiting for staff to accept theirs or keep ours: nothing is overwritten
 * silently.
 */
@Singleton
class TransferConflicts implements WorkList {
  static final String NAME = "transfer-conflicts";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final JdbcOperations jdbc;
  private final TransfersIn transfersIn;

  TransferConflicts(JdbcOperations jdbc, TransfersIn transfersIn) {
    this.jdbc = jdbc;
    this.transfersIn = transfersIn;
  }

  @Override
  public List<Action> actions(Row row) {
    if (!row.status().equals("open")) {
      return List.of();
    }
    return List.of(
        new Action(
            "accept",
            new Text("先方の記録を採用", "Accept theirs"),
            new Text(
                "当方の記録を先方の記録のとおりに訂正します（先方が取り消した記録は取り消します）。元の版は残ります。",
                "Corrects our record to read as theirs (withdraws it when they withdrew theirs);"
                    + " the replaced version is kept."),
            List.of(TransferRequeries.NOTE)),
        new Action(
            "keep",
            new Text("当方の記録を維持", "Keep ours"),
            new Text("当方の記録をそのまま残します。", "Our record stays as it is."),
            List.of(TransferRequeries.NOTE)));
  }

  @Override
  public Text act(Principal principal, String municipalityCode, String rowId, Request request) {
    if (!request.action().equals("accept") && !request.action().equals("keep")) {
      return WorkList.super.act(principal, municipalityCode, rowId, request);
    }
    transfersIn.resolve(
        principal,
        municipalityCode,
        TransferController.id(rowId),
        request.action(),
        request.value("note"));
    return request.action().equals("accept")
        ? new Text("先方の記録を採用しました。", "Their record was accepted.")
        : new Text("当方の記録を維持しました。", "Our record was kept.");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Text title() {
    return new Text("転入前の記録の変更（確認待ち）", "Changes to records taken over, to decide");
  }

  @Override
  public Text definition() {
    return new Text(
        "再照会や訂正の連絡で取り込んだ転入前の市区町村の記録が、すでに取り込んだ記録と異なるもの（変更・取消し・新しい手帳にない）です。自動では上書きしません。内容を確認し、先方の記録を採用するか、当方の記録を維持するかを決めてください。",
        "Records a re-query or a correction brought from the previous municipality that differ from"
            + " those taken over before (changed, withdrawn, or no longer in its newer handbook)."
            + " Nothing is overwritten automatically: look at both and accept theirs or keep"
            + " ours.");
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("conflictId", new Text("ID", "Conflict")),
        new Column("transferId", new Text("転入ID", "Transfer")),
        new Column("child", new Text("子どもの氏名", "Child")),
        new Column("previousMunicipality", new Text("転入前の市区町村", "Previous municipality")),
        new Column("record", new Text("記録", "Record")),
        new Column("recordDate", new Text("接種日・受診日", "Day")),
        new Column("reason", new Text("内容", "What changed")),
        new Column("listedOn", new Text("検出日", "Found on")));
  }

  @Override
  public List<Column> statuses() {
    return List.of(new Column("open", new Text("確認待ち", "To decide")));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Row> rows(UUID municipalityId, LocalDate today) {
    return jdbc.prepareStatement(
        // A child's conflicts and a pregnancy's (named by the pregnant person) in one list.
        "SELECT k.id, COALESCE(k.transfer_id, k.pregnancy_transfer_id), k.child_id,"
            + " NULLIF(concat_ws(' ', COALESCE(c.family_name, p.family_name),"
            + " COALESCE(c.given_name, p.given_name)), ''), COALESCE(t.from_name, pt.from_name),"
            + " k.record_type, k.reason, k.ours::text, k.created_at, k.pregnancy_id"
            + " FROM transfer_conflict k LEFT JOIN child c ON c.id = k.child_id"
            + " LEFT JOIN transfer_in t ON t.id = k.transfer_id"
            + " LEFT JOIN pregnancy g ON g.id = k.pregnancy_id"
            + " LEFT JOIN person p ON p.id = g.person_id"
            + " LEFT JOIN pregnancy_transfer_in pt ON pt.id = k.pregnancy_transfer_id"
            + " WHERE k.municipality_id = ? AND k.status = 'open' ORDER BY k.created_at, k.id",
        statement -> {
          statement.setObject(1, municipalityId);
          List<Row> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              JsonNode ours = parse(rs.getString(8));
              Map<String, String> cells = new LinkedHashMap<>();
              cells.put("conflictId", rs.getObject(1, UUID.class).toString());
              cells.put("transferId", rs.getObject(2, UUID.class).toString());
              cells.put(
                  "child", rs.getObject(10) == null ? rs.getString(4) : "妊婦 " + rs.getString(4));
              cells.put("previousMunicipality", rs.getString(5));
              cells.put("record", describe(rs.getString(6), ours));
              cells.put("recordDate", ours.path("date").asText(null));
              cells.put("reason", reason(rs.getString(7)));
              cells.put(
                  "listedOn",
                  rs.getTimestamp(9).toInstant().atZone(JAPAN).toLocalDate().toString());
              rows.add(
                  new Row(
                      rs.getObject(1, UUID.class).toString(),
                      rs.getObject(3, UUID.class), // null for a pregnancy's
                      "open",
                      cells));
            }
          }
          return rows;
        });
  }

  static String describe(String type, JsonNode content) {
    if (type.equals("immunization")) {
      JsonNode vaccine = content.path("vaccine");
      String name = vaccine.path("display").asText(vaccine.path("code").asText());
      String dose = content.path("dose").asText(null);
      return "予防接種 " + name + (dose == null ? "" : " " + dose);
    }
    return "健診 " + content.path("kind").asText();
  }

  private static String reason(String reason) {
    return switch (reason) {
      case "changed" -> "先方で変更 (changed)";
      case "retracted" -> "先方で取消し (withdrawn)";
      default -> "新しい手帳にない (missing)";
    };
  }

  private static JsonNode parse(String json) {
    try {
      return TransferContent.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
