package app.sukoyaka.phr.myportal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.checkup.FindingValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The portal's value as a conflict keeps it, read back as a finding of our value's type. */
class PortalValuesTest {

  @Test
  void aMeasurementReadsBackInOurUnitAndAnotherUnitIsRefused() {
    FindingValue ours = new FindingValue.Quantity(new BigDecimal("4.38"), "kg");

    assertThat(PortalValues.like(ours, PortalRecordMapper.describe(quantity("4.46", "kg"))))
        .isEqualTo(quantity("4.46", "kg"));
    assertThatThrownBy(() -> PortalValues.like(ours, "4460 g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit g");
    assertThatThrownBy(() -> PortalValues.like(ours, "heavy kg"))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void anAnswerKeepsOurCodeSystemAndTheWordsWrittenWithIt() {
    FindingValue ours = new FindingValue.Coded("urn:judgement", "normal");

    assertThat(PortalValues.like(ours, "abnormal (股関節開排制限)"))
        .isEqualTo(new FindingValue.Coded("urn:judgement", "abnormal", "股関節開排制限"));
    assertThat(PortalValues.like(ours, "present"))
        .isEqualTo(new FindingValue.Coded("urn:judgement", "present", null));
  }

  @Test
  void everyOtherTypeReadsBackAsDescribed() {
    for (FindingValue value :
        new FindingValue[] {
          new FindingValue.Flag(true),
          new FindingValue.Text("よく笑う"),
          new FindingValue.Day(LocalDate.of(2026, 2, 12)),
          new FindingValue.WholeNumber(9),
          new FindingValue.Moment(Instant.parse("2026-01-05T03:04:05Z"))
        }) {
      assertThat(PortalValues.like(value, PortalRecordMapper.describe(value))).isEqualTo(value);
    }
    assertThatThrownBy(() -> PortalValues.like(new FindingValue.Flag(false), "yes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortalValues.like(new FindingValue.Text("a"), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static FindingValue quantity(String value, String unit) {
    return new FindingValue.Quantity(new BigDecimal(value), unit);
  }
}
