package app.sukoyaka.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The checkup inserts are written by hand (one multi-row INSERT instead of the repositories'
 * saveAll), so they are held here to the row records the repositories map: every component is a
 * column, in the record's order, and bound to its own value. A component added to a row fails this
 * test until the insert writes it too.
 */
class CheckupRowInsertTest {
  private static final Pattern INSERT =
      Pattern.compile("INSERT INTO (\\w+) \\(([^)]*)\\) VALUES \\(([^)]*)\\)");
  private static final UUID MUNICIPALITY = UUID.randomUUID();
  private static final Instant AT = Instant.parse("2026-05-01T01:02:03.456Z");

  @Test
  void theEncounterInsertWritesEveryComponentOfTheRow() {
    assertColumnsAre(
        CheckupService.INSERT_ENCOUNTER, "checkup_encounter", CheckupEncounterRow.class);
  }

  @Test
  void theFindingInsertWritesEveryComponentOfTheRow() {
    assertColumnsAre(CheckupService.INSERT_FINDING, "checkup_finding", CheckupFindingRow.class);
  }

  @Test
  void anEncounterIsBoundComponentByComponent() throws Exception {
    CheckupEncounterRow prenatal =
        new CheckupEncounterRow(
            UUID.randomUUID(),
            MUNICIPALITY,
            "prenatal",
            UUID.randomUUID(),
            null,
            UUID.randomUUID(),
            LocalDate.of(2026, 4, 30),
            140,
            UUID.randomUUID(),
            AT,
            "AMB",
            null,
            null,
            "clinic");
    assertBoundInOrder(prenatal, bound(0, s -> CheckupRowMapper.bindEncounter(s, 0, prenatal)));

    CheckupEncounterRow child =
        new CheckupEncounterRow(
            UUID.randomUUID(),
            MUNICIPALITY,
            "municipal-checkup",
            null,
            UUID.randomUUID(),
            null,
            LocalDate.of(2026, 4, 30),
            null,
            null,
            AT,
            "AMB",
            "5歳児健康診査",
            "保健センター",
            "municipal");
    assertBoundInOrder(child, bound(20, s -> CheckupRowMapper.bindEncounter(s, 20, child)));
  }

  @Test
  void findingsOfEveryValueTypeAreBoundComponentByComponent() throws Exception {
    List<FindingValue> values =
        List.of(
            new FindingValue.Quantity(new BigDecimal("58.20"), "kg"),
            new FindingValue.Coded("https://sukoyaka.app/fhir/CodeSystem/presence", "present"),
            new FindingValue.Flag(false),
            new FindingValue.Text("異常なし"),
            new FindingValue.Day(LocalDate.of(2026, 9, 1)),
            new FindingValue.WholeNumber(9),
            new FindingValue.Moment(AT),
            new FindingValue.Coded(
                "https://sukoyaka.app/fhir/CodeSystem/finding-presence", "present", "右股関節の開排制限"));
    NewCheckup checkup =
        new NewCheckup(
            UUID.randomUUID(),
            "prenatal",
            "AMB",
            null,
            MUNICIPALITY,
            UUID.randomUUID(),
            null,
            UUID.randomUUID(),
            LocalDate.of(2026, 4, 30),
            null,
            List.of());
    for (FindingValue value : values) {
      NewCheckup.NewFinding finding =
          new NewCheckup.NewFinding(
              UUID.randomUUID(), UUID.randomUUID(), "item", value, "http://loinc.org", "1-1");
      CheckupFindingRow row = CheckupRowMapper.findingRow(checkup, finding);
      assertBoundInOrder(row, bound(23 * 3, s -> CheckupRowMapper.bindFinding(s, 23 * 3, row)));
    }
    CheckupFindingRow first =
        CheckupRowMapper.findingRow(
            checkup,
            new NewCheckup.NewFinding(
                UUID.randomUUID(), UUID.randomUUID(), "item", values.get(0), null, null));
    CheckupFindingRow corrected =
        CheckupRowMapper.correctedRow(
            first,
            new NewCheckup.NewFinding(UUID.randomUUID(), null, "item", values.get(1), null, null),
            2,
            "corrected",
            AT);
    assertBoundInOrder(corrected, bound(0, s -> CheckupRowMapper.bindFinding(s, 0, corrected)));
  }

  @Test
  void aMultiRowInsertRepeatsTheValuesOfOneRow() {
    assertThat(CheckupService.forRows("INSERT INTO t (a, b) VALUES (?, ?)", 1))
        .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?)");
    assertThat(CheckupService.forRows("INSERT INTO t (a, b) VALUES (?, ?)", 3))
        .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)");
  }

  @Test
  void aStatementOfTheMostRowsStaysWithinPostgresParameterLimit() {
    for (String insert : List.of(CheckupService.INSERT_ENCOUNTER, CheckupService.INSERT_FINDING)) {
      long parameters =
          CheckupService.forRows(insert, CheckupService.MAX_ROWS_PER_INSERT)
              .chars()
              .filter(c -> c == '?')
              .count();
      assertThat(parameters).isLessThanOrEqualTo(65_535);
    }
  }

  private static void assertColumnsAre(String sql, String table, Class<? extends Record> row) {
    Matcher insert = INSERT.matcher(sql);
    assertThat(insert.matches()).as(sql).isTrue();
    assertThat(insert.group(1)).isEqualTo(table);
    List<String> columns = Arrays.stream(insert.group(2).split(",")).map(String::strip).toList();
    List<String> components =
        Arrays.stream(row.getRecordComponents())
            .map(RecordComponent::getName)
            .map(CheckupRowInsertTest::snakeCase)
            .toList();
    assertThat(columns).isEqualTo(components);
    assertThat(insert.group(3).split(","))
        .hasSize(columns.size())
        .allMatch(p -> p.strip().equals("?"));
  }

  private interface Binding {
    void bind(PreparedStatement statement) throws Exception;
  }

  /**
   * The parameters a binding of the row at {@code offset} sets, by index from 1 within the row, as
   * the values they stand for.
   */
  private static Map<Integer, Object> bound(int offset, Binding binding) throws Exception {
    Map<Integer, Object> parameters = new HashMap<>();
    List<Integer> setTwice = new ArrayList<>();
    PreparedStatement statement =
        (PreparedStatement)
            Proxy.newProxyInstance(
                CheckupRowInsertTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                  if (!method.getName().startsWith("set")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  int index = (Integer) args[0] - offset;
                  if (index < 1) {
                    throw new AssertionError("parameter " + args[0] + " is before the row");
                  }
                  Object value = method.getName().equals("setNull") ? null : args[1];
                  if (value instanceof Date date) {
                    value = date.toLocalDate();
                  } else if (value instanceof Timestamp timestamp) {
                    value = timestamp.toInstant();
                  } else if (value instanceof java.time.OffsetDateTime instant) {
                    value = instant.toInstant();
                  }
                  if (parameters.containsKey(index)) {
                    setTwice.add(index);
                  }
                  parameters.put(index, value);
                  return null;
                });
    binding.bind(statement);
    assertThat(setTwice).as("parameters set twice").isEmpty();
    return parameters;
  }

  private static void assertBoundInOrder(Record row, Map<Integer, Object> parameters)
      throws Exception {
    RecordComponent[] components = row.getClass().getRecordComponents();
    assertThat(parameters.keySet()).hasSize(components.length);
    for (int i = 0; i < components.length; i++) {
      Object expected = components[i].getAccessor().invoke(row);
      assertThat(parameters.get(i + 1)).as(components[i].getName()).isEqualTo(expected);
    }
  }

  private static String snakeCase(String camelCase) {
    return camelCase.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }
}
