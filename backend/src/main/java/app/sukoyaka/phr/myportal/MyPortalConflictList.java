package app.sukoyaka.phr.myportal;

import app.sukoyaka.municipality.WorkList;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records a family retrieved from My Portal that differ from ours for the same visit or dose: the
 * staff's side of what the guardian is shown. Nothing was overwritten; staff check which is right
 * (the clinic's submission, or the registration My Portal holds) and take the portal's values or
 * keep ours ({@link MyPortalSettlements}); the guardian can settle the same conflict in the app.
 */
@Singleton
class MyPortalConflictList implements WorkList {
  static final String NAME = "myportal-conflicts";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MyPortalStore store;
  private final MyPortalSettlements settlements;

  MyPortalConflictList(MyPortalStore store, MyPortalSettlements settlements) {
    this.store = store;
    this.settlements = settlements;
  }

  @Override
  public List<Action> actions(Row row) {
    if (!row.status().equals("open")) {
      return List.of();
    }
    return List.of(
        new Action(
            "take-portal",
            new Text("マイナポータルの値を採用", "Take the portal's values"),
            new Text(
                "当方の記録をマイナポータルの値のとおりに訂正します。元の版は記録の履歴と相違の記録に残ります。",
                "Corrects our record to the portal's values; the replaced version is kept in the"
                    + " record's history and on the conflict."),
            List.of()),
        new Action(
            "keep-ours",
            new Text("当方の記録を維持", "Keep ours"),
            new Text(
                "当方の記録をそのまま残します。マイナポータルの値が再び変わるまで、同じ相違は挙がりません。",
                "Our record stays as it is; the same difference is not listed again unless the"
                    + " portal's values change again."),
            List.of()));
  }

  @Override
  public Text act(Principal principal, String municipalityCode, String rowId, Request request) {
    String choice =
        switch (request.action()) {
          case "take-portal" -> MyPortalSettlements.PORTAL;
          case "keep-ours" -> MyPortalSettlements.OURS;
          default -> null;
        };
    if (choice == null) {
      return WorkList.super.act(principal, municipalityCode, rowId, request);
    }
    UUID id;
    try {
      id = UUID.fromString(rowId);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_CONFLICT_NOT_FOUND, "No such My Portal conflict " + rowId + ".");
    }
    settlements.byStaff(principal, municipalityCode, id, choice);
    return choice.equals(MyPortalSettlements.PORTAL)
        ? new Text("マイナポータルの値を採用しました。", "The portal's values were taken.")
        : new Text("当方の記録を維持しました。", "Our record was kept.");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Text title() {
    return new Text("マイナポータルの記録との相違（確認待ち）", "Differences from My Portal's records, to check");
  }

  @Override
  public Text definition() {
    return new Text(
        "保護者の同意を得てマイナポータル（PMH）から取得した乳幼児健診・妊婦健診・予防接種の記録のうち、同じ受診・接種について当方の記録と値が異なるものです。自動では上書きしていません。医療機関の提出内容と自治体が副本登録した内容を確認し、マイナポータルの値を採用するか当方の記録を維持するかを選んでください（保護者もアプリで選べます）。",
        "Records of 乳幼児健診, 妊婦健診 and vaccinations that a family retrieved from My Portal"
            + " (PMH) with their consent and that differ from ours for the same visit or dose."
            + " Nothing was overwritten: check the clinic's submission and the municipality's"
            + " registration, then take the portal's values or keep ours (the guardian can"
            + " choose in the app too).");
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("conflictId", new Text("ID", "Conflict")),
        new Column("person", new Text("氏名", "Name")),
        new Column("record", new Text("記録", "Record")),
        new Column("recordDate", new Text("接種日・受診日", "Day")),
        new Column("differences", new Text("相違点（当方 / マイナポータル）", "Differences (ours / My Portal)")),
        new Column("portalRecordId", new Text("マイナポータルの記録ID", "My Portal record id")),
        new Column("listedOn", new Text("検出日", "Found on")));
  }

  @Override
  public List<Column> statuses() {
    return List.of(new Column("open", new Text("確認待ち", "To check")));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Row> rows(UUID municipalityId, LocalDate today) {
    List<Row> rows = new ArrayList<>();
    for (MyPortalStore.OpenConflict c : store.openConflictsOfMunicipality(municipalityId)) {
      Map<String, String> cells = new LinkedHashMap<>();
      cells.put("conflictId", c.id().toString());
      cells.put("person", c.subjectName());
      cells.put("record", c.description());
      cells.put("recordDate", c.recordDate().toString());
      cells.put("differences", differences(c.differences()));
      cells.put("portalRecordId", c.portalRecordId());
      cells.put("listedOn", c.createdAt().atZone(JAPAN).toLocalDate().toString());
      rows.add(new Row(c.id().toString(), c.childId(), "open", cells));
    }
    return rows;
  }

  static String differences(String json) {
    try {
      List<String> parts = new ArrayList<>();
      for (JsonNode d : JSON.readTree(json)) {
        parts.add(
            d.path("item").asText()
                + ": "
                + d.path("ours").asText("")
                + " / "
                + d.path("theirs").asText(""));
      }
      return parts.isEmpty() ? "当方の記録がありません / ours is gone" : String.join("; ", parts);
    } catch (IOException e) {
      return json;
    }
  }
}
