package app.sukoyaka.municipality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A work list as CSV, as Excel in Japan opens it. */
class WorkListsTest {

  @Test
  void cellsAreQuotedWhenTheyMustBeAndAFormulaIsNeverRun() {
    assertThat(WorkLists.cell("千代田区, 母子保健係")).isEqualTo("\"千代田区, 母子保健係\"");
    assertThat(WorkLists.cell("\"至急\"")).isEqualTo("\"\"\"至急\"\"\"");
    assertThat(WorkLists.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(WorkLists.cell("-12")).isEqualTo("-12");
    assertThat(WorkLists.cell(null)).isEmpty();
  }

  @Test
  void theCsvHasAByteOrderMarkTheJapaneseLabelsAndTheStatusOfEachRow() {
    WorkList list =
        new WorkList() {
          @Override
          public String name() {
            return "sample";
          }

          @Override
          public Text title() {
            return new Text("見本", "Sample");
          }

          @Override
          public Text definition() {
            return new Text("見本の一覧", "A sample list");
          }

          @Override
          public List<Column> columns() {
            return List.of(new Column("child", new Text("子どもの氏名", "Child")));
          }

          @Override
          public List<Column> statuses() {
            return List.of(new Column("due", new Text("期日到来", "Due")));
          }

          @Override
          public List<Row> rows(UUID municipalityId, LocalDate today) {
            return List.of();
          }
        };
    Map<String, String> cells = new LinkedHashMap<>();
    cells.put("child", "鈴木 蓮");
    WorkLists.View view =
        new WorkLists.View(
            list,
            new MunicipalityRow(UUID.randomUUID(), "131016", "千代田区", "Chiyoda", Instant.EPOCH),
            LocalDate.of(2026, 1, 10),
            List.of(new WorkList.Row("1", null, "due", cells)));

    byte[] csv = WorkLists.csv(view);

    assertThat(csv[0]).isEqualTo((byte) 0xEF);
    assertThat(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8))
        .isEqualTo("状態 (status),子どもの氏名\r\n期日到来,鈴木 蓮\r\n");
  }
}
