package app.sukoyaka.municipality.bulk;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CSV exports as the two bundled legacy systems write them, built row by row for tests. */
public final class LegacyFiles {
  static final Charset SJIS = Charset.forName("windows-31j");

  static final List<String> STANDARD_CHECKUPS =
      List.of(
          "宛名番号",
          "母子健康手帳番号",
          "出生順位",
          "氏名カナ",
          "生年月日",
          "性別",
          "健診区分",
          "受診日",
          "受診時月齢",
          "受診時日齢",
          "体重(kg)",
          "身長(cm)",
          "頭囲(cm)",
          "胸囲(cm)",
          "栄養状態",
          "栄養法",
          "身体的発育",
          "精神発達",
          "運動機能",
          "皮膚",
          "股関節開排制限",
          "循環器系",
          "呼吸器系",
          "消化器系",
          "泌尿生殖器系",
          "未処置歯数",
          "処置歯数",
          "う蝕罹患型",
          "歯科判定",
          "総合判定",
          "精密健診対象",
          "実施機関コード",
          "実施場所");

  static final List<String> STANDARD_VACCINATIONS =
      List.of(
          "宛名番号",
          "母子健康手帳番号",
          "出生順位",
          "生年月日",
          "予防接種コード",
          "接種回数",
          "接種日",
          "ロット番号",
          "実施機関コード",
          "実施機関名",
          "接種区分");

  static final List<String> LEGACY_CHECKUPS =
      List.of(
          "住民番号",
          "カナ氏名",
          "生年月日",
          "性別",
          "健診名",
          "健診日",
          "年齢",
          "体重(g)",
          "身長(cm)",
          "頭囲(cm)",
          "栄養",
          "身体発育",
          "精神発達",
          "運動発達",
          "皮膚",
          "股関節",
          "心臓",
          "むし歯(未処置)",
          "むし歯(処置済)",
          "う蝕型",
          "歯の汚れ",
          "判定",
          "精密検査",
          "会場");

  static final List<String> LEGACY_VACCINATIONS =
      List.of("住民番号", "カナ氏名", "生年月日", "ワクチン名", "接種回", "接種日", "ロット", "医療機関名", "医療機関コード");

  private final List<String> header;
  private final Charset charset;
  private final List<List<String>> rows = new ArrayList<>();

  private LegacyFiles(List<String> header, Charset charset) {
    this.header = header;
    this.charset = charset;
  }

  public static LegacyFiles standardCheckups() {
    return new LegacyFiles(STANDARD_CHECKUPS, StandardCharsets.UTF_8);
  }

  static LegacyFiles standardVaccinations() {
    return new LegacyFiles(STANDARD_VACCINATIONS, StandardCharsets.UTF_8);
  }

  /** A file of a layout with more columns than the bundled tests' (the layout's optional ones). */
  LegacyFiles with(String... columns) {
    List<String> wider = new ArrayList<>(header);
    wider.addAll(List.of(columns));
    if (!rows.isEmpty()) {
      throw new IllegalStateException("Columns are added before the rows");
    }
    return new LegacyFiles(wider, charset);
  }

  static final List<String> STANDARD_PRENATAL =
      List.of(
          "宛名番号",
          "母子健康手帳番号",
          "生年月日",
          "受診日",
          "妊娠日数",
          "体重(kg)",
          "血圧(最高)",
          "血圧(最低)",
          "子宮底長(cm)",
          "腹囲(cm)",
          "浮腫",
          "尿蛋白",
          "尿糖",
          "実施機関コード",
          "実施機関名");

  static final List<String> LEGACY_PRENATAL =
      List.of(
          "住民番号", "生年月日", "健診日", "妊娠週数", "体重(kg)", "最高血圧", "最低血圧", "子宮底", "浮腫", "尿蛋白", "尿糖",
          "医療機関名", "医療機関コード");

  static LegacyFiles standardPrenatal() {
    return new LegacyFiles(STANDARD_PRENATAL, StandardCharsets.UTF_8);
  }

  static LegacyFiles legacyPrenatal() {
    return new LegacyFiles(LEGACY_PRENATAL, SJIS);
  }

  static LegacyFiles legacyCheckups() {
    return new LegacyFiles(LEGACY_CHECKUPS, SJIS);
  }

  static LegacyFiles legacyVaccinations() {
    return new LegacyFiles(LEGACY_VACCINATIONS, SJIS);
  }

  /** A row: the cells named, every other cell empty. */
  public LegacyFiles row(Map<String, String> cells) {
    for (String column : cells.keySet()) {
      if (!header.contains(column)) {
        throw new IllegalArgumentException("No column " + column);
      }
    }
    List<String> row = new ArrayList<>();
    for (String column : header) {
      row.add(cells.getOrDefault(column, ""));
    }
    rows.add(row);
    return this;
  }

  int rows() {
    return rows.size();
  }

  public byte[] bytes() {
    StringBuilder text = new StringBuilder(String.join(",", header)).append("\r\n");
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String cell : row) {
        cells.add(
            cell.contains(",") || cell.contains("\"")
                ? "\"" + cell.replace("\"", "\"\"") + "\""
                : cell);
      }
      text.append(String.join(",", cells)).append("\r\n");
    }
    return text.toString().getBytes(charset);
  }

  /** A date as the legacy system writes it: R6.5.20. */
  static String wareki(LocalDate date) {
    JapaneseDate japanese = JapaneseDate.from(date);
    String era = japanese.getEra() == JapaneseEra.REIWA ? "R" : "H";
    return era
        + japanese.get(ChronoField.YEAR_OF_ERA)
        + "."
        + date.getMonthValue()
        + "."
        + date.getDayOfMonth();
  }
}
