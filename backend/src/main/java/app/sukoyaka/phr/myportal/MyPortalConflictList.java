package app.sukoyaka.phr.myportal;

import app.sukoyaka.municipality.WorkList;
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
 * (the clinic's submission, or the registration My Portal holds) and correct the wrong one.
 */
@Singleton
class MyPortalConflictList implements WorkList {
  static final String NAME = "myportal-conflicts";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MyPortalStore store;

  MyPortalConflictList(MyPortalStore store) {
    this.store = store;
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
        "保護者の同意を得てマイナポータル（PMH）から取得した乳幼児健診・妊婦健診・予防接種の記録のうち、同じ受診・接種について当方の記録と値が異なるものです。自動では上書きしていません。医療機関の提出内容と自治体が副本登録した内容を確認し、誤っている側を訂正してください。",
        "Records of 乳幼児健診, 妊婦健診 and vaccinations that a family retrieved from My Portal"
            + " (PMH) with their consent and that differ from ours for the same visit or dose."
            + " Nothing was overwritten: check the clinic's submission and the municipality's"
            + " registration, and correct whichever is wrong.");
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
