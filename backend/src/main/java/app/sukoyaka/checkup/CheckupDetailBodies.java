package app.sukoyaka.checkup;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The detail of a clinic record in a handbook (api-spec: CheckupDetail*). */
final class CheckupDetailBodies {
  private CheckupDetailBodies() {}

  /**
   * @param checkup the record with its findings, as the handbook route shows it
   * @param judgements each judgement and screening or test result, explained
   * @param followUp the 精密健康診査 it led to, or null when it led to none
   */
  @Serdeable
  record Detail(
      String subjectType,
      UUID subjectId,
      String recordKind,
      HandbookBodies.Text recordKindLabel,
      String source,
      HandbookBodies.Text sourceLabel,
      HandbookBodies.CheckupBody checkup,
      List<JudgementDetail> judgements,
      @Nullable FollowUpDetail followUp) {}

  /**
   * @param explanation what the answer means in plain words (the catalog's)
   * @param level ok, info, attention or action
   * @param nextStep what the family does next
   * @param source what the explanation and next step rest on
   */
  @Serdeable
  record JudgementDetail(
      String item,
      HandbookBodies.Text itemLabel,
      String code,
      HandbookBodies.Text label,
      @Nullable HandbookBodies.Text explanation,
      String level,
      HandbookBodies.Text levelLabel,
      HandbookBodies.Text nextStep,
      Source source) {}

  @Serdeable
  record Source(String title, @Nullable String location) {}

  /**
   * @param state open until a result or the examination's day is recorded, then closed
   * @param triggers the items that called for it
   * @param result the result explained, once recorded
   */
  @Serdeable
  record FollowUpDetail(
      String state,
      HandbookBodies.Text stateLabel,
      List<String> triggers,
      @Nullable Boolean referral,
      @Nullable LocalDate visitDate,
      @Nullable String facility,
      @Nullable JudgementDetail result) {}
}
