package app.sukoyaka.notice;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON of the notices API (api-spec: Notice*, Audience*, Inbox*, OnlineDeliveryConsent*,
 * Area*). Request members are all nullable, so that a missing member is reported by name with the
 * service's own error codes instead of a deserialisation failure.
 */
final class NoticeBodies {
  private NoticeBodies() {}

  // --- composing ---------------------------------------------------------------------------

  @Serdeable
  record NoticeDraft(
      @Nullable String kind,
      @Nullable Map<String, String> title,
      @Nullable Map<String, String> body,
      @Nullable List<Link> links,
      @Nullable QuestionDraft question,
      @Nullable String replyDeadline,
      @Nullable String replyPolicy,
      @Nullable String consentTextVersion,
      @Nullable Integer paperFollowUpAfterDays,
      @Nullable UUID audienceId) {}

  @Serdeable
  record Link(@Nullable String title, @Nullable String url) {}

  @Serdeable
  record QuestionDraft(
      @Nullable String type,
      @Nullable Map<String, String> prompt,
      @Nullable List<OptionDraft> options,
      @Nullable List<String> dates,
      @Nullable Integer maxLength) {}

  @Serdeable
  record OptionDraft(@Nullable String code, @Nullable Map<String, String> label) {}

  // --- what staff see ----------------------------------------------------------------------

  @Serdeable
  record Notice(
      UUID id,
      String kind,
      String status,
      Map<String, String> title,
      Map<String, String> body,
      List<Link> links,
      @Nullable Question question,
      @Nullable Instant replyDeadline,
      @Nullable String replyPolicy,
      @Nullable String consentTextVersion,
      @Nullable Integer paperFollowUpAfterDays,
      @Nullable UUID audienceId,
      List<Attachment> attachments,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt,
      @Nullable String sentBy,
      @Nullable Instant sentAt,
      @Nullable RecipientCounts recipients) {}

  @Serdeable
  record Question(
      String type,
      Map<String, String> prompt,
      List<Option> options,
      List<LocalDate> dates,
      @Nullable Integer maxLength) {}

  @Serdeable
  record Option(String code, Map<String, String> label) {}

  @Serdeable
  record Attachment(UUID id, String fileName, String contentType, int size, String sha256) {}

  /**
   * @param online recipients who get it in the app (with a push)
   * @param paper recipients without online-delivery consent, who get it on paper
   */
  @Serdeable
  record RecipientCounts(int total, int online, int paper) {}

  @Serdeable
  record NoticeSummary(
      UUID id,
      String kind,
      String status,
      Map<String, String> title,
      Instant createdAt,
      Instant updatedAt,
      @Nullable String sentBy,
      @Nullable Instant sentAt,
      @Nullable RecipientCounts recipients) {}

  @Serdeable
  record NoticePage(List<NoticeSummary> items, int page, int size, long total) {}

  // --- audiences ---------------------------------------------------------------------------

  @Serdeable
  record AudienceDraft(@Nullable String name, @Nullable AudienceQuery query) {}

  @Serdeable
  record AudienceQuery(
      @Nullable AgeRange childAge,
      @Nullable WeekRange pregnancyWeeks,
      @Nullable VaccineCriterion vaccine,
      @Nullable CheckupCriterion checkupNotAttended,
      @Nullable List<String> areas) {}

  @Serdeable
  record AgeRange(@Nullable Age from, @Nullable Age under) {}

  @Serdeable
  record Age(@Nullable Integer months, @Nullable Integer days) {}

  @Serdeable
  record WeekRange(@Nullable Integer from, @Nullable Integer to) {}

  @Serdeable
  record VaccineCriterion(@Nullable List<String> vaccines, @Nullable List<String> statuses) {}

  @Serdeable
  record CheckupCriterion(@Nullable String kind, @Nullable Boolean includeWindowClosed) {}

  @Serdeable
  record Audience(
      UUID id,
      String name,
      AudienceQuery query,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {}

  @Serdeable
  record AudienceList(List<Audience> items) {}

  @Serdeable
  record AudienceCountRequest(@Nullable AudienceQuery query, @Nullable String kind) {}

  // --- follow-up ---------------------------------------------------------------------------

  /**
   * @param unread online recipients who have not opened it
   * @param paperFollowUp recipients on the paper list: without consent, or unread past the notice's
   *     days
   */
  @Serdeable
  record FollowUp(
      UUID noticeId,
      Instant sentAt,
      int recipients,
      int online,
      int paper,
      int read,
      int unread,
      int replied,
      int paperFollowUp,
      @Nullable Integer paperFollowUpAfterDays,
      @Nullable Tally tally) {}

  @Serdeable
  record Tally(String type, int answers, List<ChoiceCount> choices, List<DateCount> dates) {}

  @Serdeable
  record ChoiceCount(String code, Map<String, String> label, int count) {}

  @Serdeable
  record DateCount(LocalDate date, int count) {}

  @Serdeable
  record RecipientPage(List<Recipient> items, int page, int size, long total) {}

  @Serdeable
  record Recipient(
      UUID personId,
      String name,
      @Nullable String nameKana,
      @Nullable String areaCode,
      @Nullable String areaName,
      List<String> handbookNumbers,
      String channel,
      @Nullable Instant arrivedAt,
      @Nullable Instant readAt,
      @Nullable Reply reply) {}

  @Serdeable
  record Reply(
      @Nullable List<String> choices,
      @Nullable LocalDate date,
      @Nullable String text,
      Instant answeredAt) {}

  // --- the guardian's inbox ----------------------------------------------------------------

  @Serdeable
  record InboxPage(List<InboxItem> items, int page, int size, long total, long unread) {}

  @Serdeable
  record InboxItem(
      UUID id,
      String kind,
      Map<String, String> title,
      Instant arrivedAt,
      @Nullable Instant readAt,
      boolean hasQuestion,
      @Nullable Instant replyDeadline,
      boolean replied,
      int attachmentCount) {}

  /**
   * @param arrivedAt when the notice became readable in the inbox: its legal arrival (到達)
   * @param readAt when the guardian first opened it (this request, the first time)
   * @param canReply whether a reply (or a change of it) is accepted now
   */
  @Serdeable
  record InboxNotice(
      UUID id,
      String kind,
      Municipality municipality,
      Map<String, String> title,
      Map<String, String> body,
      List<Link> links,
      List<Attachment> attachments,
      @Nullable Question question,
      @Nullable Instant replyDeadline,
      @Nullable String replyPolicy,
      @Nullable String consentTextVersion,
      Instant arrivedAt,
      Instant readAt,
      @Nullable Reply reply,
      boolean canReply) {}

  @Serdeable
  record Municipality(String code, String name) {}

  @Serdeable
  record Answer(@Nullable List<String> choices, @Nullable String date, @Nullable String text) {}

  // --- consent -----------------------------------------------------------------------------

  /**
   * @param state granted, refused, withdrawn, or none (never asked or never answered)
   */
  @Serdeable
  record Consent(
      String state,
      @Nullable String textVersion,
      @Nullable UUID noticeId,
      @Nullable Instant decidedAt,
      List<ConsentEvent> history) {}

  @Serdeable
  record ConsentEvent(
      String decision, @Nullable String textVersion, @Nullable UUID noticeId, Instant decidedAt) {}

  // --- areas -------------------------------------------------------------------------------

  @Serdeable
  record AreaDraft(@Nullable String name) {}

  @Serdeable
  record Area(String code, String name) {}

  @Serdeable
  record AreaList(List<Area> items) {}

  @Serdeable
  record PersonAreaDraft(@Nullable String areaCode) {}

  @Serdeable
  record PersonArea(UUID personId, @Nullable String areaCode, @Nullable String areaName) {}
}
