package app.sukoyaka.checkup;

import app.sukoyaka.family.FamilyBodies;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Bodies of the pregnancy's and the child's handbook in the parent API (see api-spec). */
final class HandbookBodies {
  private HandbookBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record PregnancyHandbook(FamilyBodies.PregnancyDetail pregnancy, List<CheckupBody> checkups) {}

  @Serdeable
  record ChildHandbook(FamilyBodies.ChildDetail child, List<CheckupBody> checkups) {}

  @Serdeable
  record Facility(String name, @Nullable String medicalInstitutionCode) {}

  /**
   * One checkup with its findings.
   *
   * @param overallJudgement the checkup's 総合判定, also listed among the findings
   * @param followUp the 精密健康診査 it led to, from the follow-up findings
   */
  @Serdeable
  record CheckupBody(
      UUID id,
      String kind,
      Text kindLabel,
      @Nullable String kindName,
      LocalDate visitDate,
      @Nullable Integer gestationalAgeDays,
      Facility facility,
      Instant recordedAt,
      List<FindingBody> findings,
      @Nullable Coded overallJudgement,
      @Nullable FollowUp followUp) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Quantity(BigDecimal value, String unit, Text unitLabel) {}

  /** An answer with its label and, where the catalog gives one, what it means in plain words. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Coded(String system, String code, Text label, @Nullable Text explanation) {}

  @Serdeable
  record FollowUp(
      @Nullable Boolean referral,
      @Nullable LocalDate visitDate,
      @Nullable String facility,
      @Nullable Coded result) {}

  /** Exactly the member named by {@code valueType} is present. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FindingBody(
      String item,
      Text label,
      String valueType,
      @Nullable Quantity quantity,
      @Nullable Coded coded,
      @JsonProperty("boolean") @Nullable Boolean flag,
      @Nullable String string,
      @Nullable LocalDate date,
      @Nullable Integer integer,
      @Nullable Instant datetime,
      @Nullable String text,
      Text display,
      boolean mandatoryDigitisation,
      String recordedBy,
      @Nullable UUID childId) {}
}
