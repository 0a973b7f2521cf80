package app.sukoyaka.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HandbookMapperTest {
  private final HandbookMapper mapper = new HandbookMapper(CheckupItemCatalog.load());

  private static Checkup.Finding finding(String item, FindingValue value) {
    return new Checkup.Finding(
        UUID.randomUUID(),
        UUID.randomUUID(),
        item,
        value,
        SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
        item,
        1,
        "final");
  }

  @Test
  void aQuantityIsShownWithItsUnitInBothLanguages() {
    HandbookBodies.FindingBody body =
        mapper.finding(
            finding("body-weight", new FindingValue.Quantity(new BigDecimal("58.20"), "kg")));

    assertThat(body.label()).isEqualTo(new HandbookBodies.Text("体重", "Body weight"));
    assertThat(body.valueType()).isEqualTo("quantity");
    assertThat(body.display()).isEqualTo(new HandbookBodies.Text("58.2 kg", "58.2 kg"));
    assertThat(body.coded()).isNull();
  }

  @Test
  void aCodedAnswerIsShownWithTheCatalogsLabels() {
    HandbookBodies.FindingBody body =
        mapper.finding(
            finding(
                "urine-protein",
                new FindingValue.Coded(SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM, "plus-1")));

    assertThat(body.coded().code()).isEqualTo("plus-1");
    assertThat(body.display().ja()).isEqualTo(body.coded().label().ja());
    assertThat(body.display().en()).isNotBlank();
    assertThat(body.quantity()).isNull();
  }

  @Test
  void findingsAreListedInCatalogOrderWhateverOrderTheClinicSent() {
    Checkup checkup =
        new Checkup(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "prenatal",
            LocalDate.of(2026, 11, 20),
            140,
            "すこやかクリニック",
            "1312345678",
            Instant.parse("2026-11-20T01:00:00Z"),
            List.of(
                finding(
                    "fetal-heart-activity",
                    new FindingValue.Coded(SukoyakaCanonicals.PRESENCE_SYSTEM, "present")),
                finding("body-weight", new FindingValue.Quantity(new BigDecimal("58.2"), "kg")),
                finding("gestational-age", new FindingValue.Quantity(new BigDecimal("140"), "d"))));

    HandbookBodies.CheckupBody body = mapper.checkup(checkup);

    assertThat(body.kindLabel()).isEqualTo(new HandbookBodies.Text("妊婦健康診査", "Prenatal checkup"));
    assertThat(body.findings())
        .extracting(HandbookBodies.FindingBody::item)
        .containsExactly("gestational-age", "body-weight", "fetal-heart-activity");
    assertThat(body.findings().get(0).display())
        .isEqualTo(new HandbookBodies.Text("140 日", "140 days"));
  }
}
