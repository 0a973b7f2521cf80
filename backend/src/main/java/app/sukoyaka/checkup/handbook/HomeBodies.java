package app.sukoyaka.checkup.handbook;

import app.sukoyaka.family.FamilyBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON of the handbook's home and timeline (api-spec: HandbookHome*, HandbookTimeline*,
 * TimelineEntry, NextStep, OpenFollowUp). Members without a value are sent as null.
 */
final class HomeBodies {
  private HomeBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  /** The first screen of the app: every handbook of the guardian with what is next. */
  @Serdeable
  record Home(
      LocalDate asOf, Notices notices, List<PregnancyHome> pregnancies, List<ChildHome> children) {}

  @Serdeable
  record Notices(long unread, List<NoticeLine> latestUnread, String inbox) {}

  @Serdeable
  record NoticeLine(
      UUID id, String kind, Map<String, String> title, Instant arrivedAt, String link) {}

  @Serdeable
  record PregnancyHome(
      FamilyBodies.PregnancySummary pregnancy,
      List<NextStepBody> next,
      List<EntryBody> latest,
      List<FollowUpBody> openFollowUps,
      String timeline) {}

  @Serdeable
  record ChildHome(
      FamilyBodies.ChildSummary child,
      List<NextStepBody> next,
      List<EntryBody> latest,
      List<FollowUpBody> openFollowUps,
      String timeline,
      String vaccinations) {}

  @Serdeable
  record NextStepBody(
      String source,
      String code,
      String status,
      Text statusLabel,
      LocalDate from,
      @Nullable LocalDate until,
      Text title,
      String link) {}

  /** One record in the timeline or among the latest on the home. */
  @Serdeable
  record EntryBody(
      String kind,
      Text kindLabel,
      @Nullable String code,
      LocalDate date,
      Text title,
      @Nullable JudgementBody judgement,
      String source,
      Text sourceLabel,
      @Nullable String followUp,
      @Nullable Text followUpLabel,
      String link) {}

  @Serdeable
  record JudgementBody(
      String item,
      String code,
      Text label,
      String level,
      Text levelLabel,
      @Nullable Text explanation) {}

  /** A 精密健康診査 a checkup led to; on the home, those still waiting for their result. */
  @Serdeable
  record FollowUpBody(
      UUID checkupId,
      String checkupKind,
      LocalDate checkupDate,
      Text title,
      List<String> triggers,
      @Nullable Boolean referral,
      @Nullable LocalDate visitDate,
      @Nullable String facility,
      @Nullable String result,
      String state,
      Text stateLabel,
      String link) {}

  @Serdeable
  record TimelinePage(
      String subjectType, UUID subjectId, List<EntryBody> entries, @Nullable String next) {}
}
