package app.sukoyaka.municipality.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void excelInJapanOpensItAsUtf8WithCrlfAndQuotedCells() {
    byte[] bytes =
        new Csv().line(List.of("氏名", "メモ")).line(List.of("鈴木 蓮", "電話済み, 来週\"再訪\"")).bytes();
    assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("氏名,メモ\r\n鈴木 蓮,\"電話済み, 来週\"\"再訪\"\"\"\r\n");
  }

  @Test
  void aCellASpreadsheetWouldRunAsAFormulaIsPrefixedButNumbersAreNot() {
    assertThat(Csv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Csv.cell("-12")).isEqualTo("-12");
    assertThat(Csv.cell("-0.25")).isEqualTo("-0.25");
    assertThat(Csv.cell(null)).isEmpty();
  }
}
