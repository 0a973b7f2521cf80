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
  private static final String JUDGEMENT = SukoyakaCanonicals.BASE_URL + "/CodeSystem/judgement";
  private static final String FINDING_PRESENCE =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/finding-presence";
  private static final String FOLLOW_UP_RESULT =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/follow-up-result";
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

  @Test
  void aJudgementIsExplainedInPlainWordsAndMarkedMandatoryToDigitiseForStaff() {
    HandbookBodies.FindingBody body =
        mapper.finding(
            finding(
                "overall-judgement", new FindingValue.Coded(JUDGEMENT, "detailed-examination")));

    assertThat(body.coded().label().ja()).isEqualTo("要精密");
    assertThat(body.coded().explanation().ja()).contains("精密健康診査");
    assertThat(body.coded().explanation().en()).contains("detailed examination");
    assertThat(body.mandatoryDigitisation()).isTrue();
    assertThat(body.recordedBy()).isEqualTo("clinic");
  }

  @Test
  void whatWasFoundIsShownWithTheAnswer() {
    HandbookBodies.FindingBody body =
        mapper.finding(
            finding("skin-finding", new FindingValue.Coded(FINDING_PRESENCE, "present", "乳児湿疹")));

    assertThat(body.text()).isEqualTo("乳児湿疹");
    assertThat(body.display())
        .isEqualTo(new HandbookBodies.Text("所見あり（乳児湿疹）", "Findings present (乳児湿疹)"));
    assertThat(body.mandatoryDigitisation()).isFalse();
  }

  @Test
  void scoresAndTheTimeOfBirthAreShownAsTheyWereRecorded() {
    HandbookBodies.FindingBody apgar =
        mapper.finding(finding("apgar-1-minute", new FindingValue.WholeNumber(8)));
    HandbookBodies.FindingBody born =
        mapper.finding(
            finding(
                "delivery-datetime",
                new FindingValue.Moment(Instant.parse("2026-11-17T20:42:00Z"))));

    assertThat(apgar.valueType()).isEqualTo("integer");
    assertThat(apgar.integer()).isEqualTo(8);
    assertThat(apgar.display()).isEqualTo(new HandbookBodies.Text("8", "8"));
    assertThat(born.valueType()).isEqualTo("datetime");
    assertThat(born.display().ja()).isEqualTo("2026-11-18 05:42");
  }

  @Test
  void aChildsCheckupLiftsItsOverallJudgementAndFollowUpOutOfTheFindings() {
    Checkup checkup =
        new Checkup(
            UUID.randomUUID(),
            null,
            UUID.randomUUID(),
            "infant-9-10-months",
            "AMB",
            null,
            LocalDate.of(2026, 9, 1),
            null,
            "すこやか小児科",
            "1312345678",
            Instant.parse("2026-09-01T01:00:00Z"),
            List.of(
                finding(
                    "follow-up-result", new FindingValue.Coded(FOLLOW_UP_RESULT, "no-abnormality")),
                finding("follow-up-referral", new FindingValue.Flag(true)),
                finding("follow-up-visit-date", new FindingValue.Day(LocalDate.of(2026, 9, 20))),
                finding(
                    "overall-judgement", new FindingValue.Coded(JUDGEMENT, "detailed-examination")),
                finding("crawls", new FindingValue.Flag(true))));

    HandbookBodies.CheckupBody body = mapper.checkup(checkup);

    assertThat(body.kindLabel().ja()).isEqualTo("9～10か月児健康診査");
    assertThat(body.overallJudgement().code()).isEqualTo("detailed-examination");
    assertThat(body.followUp().referral()).isTrue();
    assertThat(body.followUp().visitDate()).isEqualTo(LocalDate.of(2026, 9, 20));
    assertThat(body.followUp().facility()).isNull();
    assertThat(body.followUp().result().label().ja()).isEqualTo("異常なし");
    assertThat(body.findings())
        .extracting(HandbookBodies.FindingBody::item)
        .first()
        .isEqualTo("crawls");
  }

  @Test
  void aPrenatalCheckupHasNoJudgementOrFollowUp() {
    Checkup checkup =
        new Checkup(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "prenatal",
            LocalDate.of(2026, 11, 20),
            null,
            "すこやかクリニック",
            "1312345678",
            Instant.parse("2026-11-20T01:00:00Z"),
            List.of(
                finding("body-weight", new FindingValue.Quantity(new BigDecimal("58.2"), "kg"))));

    HandbookBodies.CheckupBody body = mapper.checkup(checkup);

    assertThat(body.overallJudgement()).isNull();
    assertThat(body.followUp()).isNull();
    assertThat(body.findings().get(0).quantity().unitLabel().en()).isEqualTo("kg");
  }
}
