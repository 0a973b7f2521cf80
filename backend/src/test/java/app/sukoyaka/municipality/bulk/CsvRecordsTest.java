package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  private static final Charset SJIS = Charset.forName("windows-31j");

  private static List<CsvRecords.Record> all(byte[] bytes) {
    CsvRecords records = new CsvRecords(bytes, ',');
    List<CsvRecords.Record> all = new ArrayList<>();
    while (records.hasNext()) {
      all.add(records.next());
    }
    return all;
  }

  private static List<String> text(CsvRecords.Record record, Charset charset)
      throws CharacterCodingException {
    List<String> cells = new ArrayList<>();
    for (byte[] field : record.fields()) {
      cells.add(Cells.decode(field, charset));
    }
    return cells;
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaksAndRowsAreNumberedAsASpreadsheetDoes()
      throws Exception {
    byte[] csv =
        "\uFEFFa,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\n3,,"
            .getBytes(StandardCharsets.UTF_8);

    List<CsvRecords.Record> records = all(csv);

    assertThat(records).hasSize(4);
    assertThat(text(records.get(0), StandardCharsets.UTF_8)).containsExactly("a", "b", "c");
    assertThat(text(records.get(1), StandardCharsets.UTF_8))
        .containsExactly("1", "x,y", "say \"hi\"");
    assertThat(records.get(2).number()).isEqualTo(4);
    assertThat(text(records.get(2), StandardCharsets.UTF_8)).containsExactly("2", "two\nlines", "");
    assertThat(text(records.get(3), StandardCharsets.UTF_8)).containsExactly("3", "", "");
    assertThat(CsvRecords.countRows(csv, ',')).isEqualTo(3);
  }

  @Test
  void shiftJisIsSplitBeforeItIsDecodedWhateverItsTrailBytes() throws Exception {
    // ソ and 表 end in 0x5C (a backslash in ASCII); neither breaks a field.
    byte[] csv = "住民番号,カナ氏名\r\n001,ソ表\"\r\n".getBytes(SJIS);

    List<CsvRecords.Record> records = all(csv);

    assertThat(text(records.get(0), SJIS)).containsExactly("住民番号", "カナ氏名");
    assertThat(text(records.get(1), SJIS)).containsExactly("001", "ソ表\"");
  }

  @Test
  void aFileEndingInsideAQuoteMarksItsLastRecordUnterminated() {
    List<CsvRecords.Record> records = all("a\r\n\"open".getBytes(StandardCharsets.UTF_8));

    assertThat(records.get(1).unterminated()).isTrue();
    assertThat(records.get(0).unterminated()).isFalse();
  }

  @Test
  void bytesThatAreNotTextInTheCharsetAreRefusedForTheirCellAlone() {
    byte[] invalidUtf8 = {(byte) 0x82, (byte) 0xA0};
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Cells.decode(invalidUtf8, StandardCharsets.UTF_8))
        .isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void cellsAreReadInTheirNormalForm() {
    assertThat(Cells.normal(" ３～４か月児健診　")).isEqualTo("3~4か月児健診");
    assertThat(Cells.normal("3〜4か月児健診")).isEqualTo("3~4か月児健診");
    assertThat(Cells.normal("Ｏ１型")).isEqualTo("O1型");
    assertThat(Cells.normal("−１")).isEqualTo("-1");
  }
}
