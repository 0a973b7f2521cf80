package app.sukoyaka.family.prenatal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HandbookNumberFormatTest {

  @Test
  void theDefaultIsTheYearAndASixDigitSerial() {
    HandbookNumberFormat format = HandbookNumberFormat.parse("{year}-{serial:6}");

    assertThat(format.number(LocalDate.of(2026, 11, 21), 123)).isEqualTo("2026-000123");
    assertThat(format.series(LocalDate.of(2026, 11, 21))).isEqualTo("2026-#");
  }

  @Test
  void theFiscalYearBeginsInApril() {
    HandbookNumberFormat format = HandbookNumberFormat.parse("R{fiscalYear}{serial:4}");

    assertThat(format.number(LocalDate.of(2027, 3, 31), 7)).isEqualTo("R20260007");
    assertThat(format.number(LocalDate.of(2027, 4, 1), 7)).isEqualTo("R20270007");
  }

  @Test
  void aSerialLongerThanItsWidthWidensRatherThanWraps() {
    assertThat(HandbookNumberFormat.parse("{serial:2}").number(LocalDate.of(2026, 1, 1), 100))
        .isEqualTo("100");
  }

  @Test
  void aPatternWithoutExactlyOneSerialOrWithUnknownTokensIsRefusedAtStartUp() {
    assertThatThrownBy(() -> HandbookNumberFormat.parse("{year}"))
        .hasMessageContaining("exactly one {serial:N}");
    assertThatThrownBy(() -> HandbookNumberFormat.parse("{serial:3}-{serial:3}"))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> HandbookNumberFormat.parse("{era}-{serial:3}"))
        .hasMessageContaining("unknown {era}");
    assertThatThrownBy(() -> HandbookNumberFormat.parse("{serial}"))
        .hasMessageContaining("N from 1 to 12");
  }
}
