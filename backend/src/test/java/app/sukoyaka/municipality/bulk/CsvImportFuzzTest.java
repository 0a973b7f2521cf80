package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.FindingValue;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the bulk importer's reading of a file, as {@link BulkImports} and
 * {@link ImportRunner} read it: split into records, the header decoded and matched to a layout,
 * every row read against it. Either the header is refused as the importer refuses it (not
 * decodable, no layout of the system) or every row is read into a row or the row's own errors: no
 * exception escapes, row numbers follow the file, a row without errors has a visit date and
 * quantities that are plausible for their catalog item. Most inputs start with a real header of a
 * bundled system so that the rows are read; the others fuzz the header too.
 */
class CsvImportFuzzTest {
  private static final Map<String, ImportMapping> MAPPINGS =
      ImportMappings.load(ImportMappingsTest.CATALOG, ImportMappingsTest.VACCINES, List.of());
  private static final List<ImportMapping> SYSTEMS = new ArrayList<>(MAPPINGS.values());

  @FuzzTest(maxDuration = "20s")
  void fuzzBriefly(FuzzedDataProvider data) {
    check(data);
  }

  @FuzzTest(maxDuration = "30m")
  void fuzzLong(FuzzedDataProvider data) {
    check(data);
  }

  static void check(FuzzedDataProvider data) {
    ImportMapping mapping = data.pickValue(SYSTEMS);
    List<ImportMapping.Layout> layouts = mapping.layouts();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    if (data.consumeInt(0, 7) > 0) {
      ImportMapping.Layout layout = data.pickValue(layouts);
      List<String> names = new ArrayList<>();
      for (ImportMapping.Column column : layout.columns()) {
        names.add(column.name());
      }
      byte[] header =
          (String.join(String.valueOf(mapping.delimiter()), names) + "\r\n")
              .getBytes(mapping.charset());
      file.writeBytes(header);
    }
    file.writeBytes(data.consumeRemainingAsBytes());
    read(mapping, file.toByteArray());
  }

  static void read(ImportMapping mapping, byte[] content) {
    CsvRecords records = new CsvRecords(content, mapping.delimiter());
    if (!records.hasNext()) {
      return;
    }
    List<String> header;
    try {
      header = RowReader.header(records.next(), mapping.charset());
    } catch (CharacterCodingException refused) {
      return;
    }
    Optional<ImportMapping.Layout> layout = mapping.layoutOf(header);
    if (layout.isEmpty()) {
      return;
    }
    RowReader reader = new RowReader(mapping, layout.get(), header, ImportMappingsTest.CATALOG);
    int previous = 1;
    while (records.hasNext()) {
      ImportRow row = reader.read(records.next());
      assertThat(row.row()).isGreaterThan(previous);
      previous = row.row();
      for (RowError error : row.errors()) {
        assertThat(error.code()).isNotNull();
      }
      if (row.valid() && row.checkup() != null) {
        assertThat(row.checkup().visitDate()).isNotNull();
        for (ImportRow.ItemValue value : row.checkup().items()) {
          if (value.value() instanceof FindingValue.Quantity quantity
              && value.item().plausibleRange() != null) {
            assertThat(value.item().plausibleRange().contains(quantity.value()))
                .as("%s %s", value.item().code(), quantity.value())
                .isTrue();
          }
        }
      }
      if (row.valid() && row.vaccination() != null) {
        assertThat(row.vaccination().date()).isNotNull();
        assertThat(row.vaccination().vaccineKind()).isNotBlank();
      }
    }
  }
}
