package app.sukoyaka.checkup.handbook;

import app.sukoyaka.notice.UnreadNotices;
import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.profiles.CheckupItemCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure mapping of the home's and the timeline's domain to their bodies, labelled from data. */
final class HomeMapper {
  private final HandbookTexts texts;
  private final CheckupItemCatalog catalog;

  HomeMapper(HandbookTexts texts, CheckupItemCatalog catalog) {
    this.texts = texts;
    this.catalog = catalog;
  }

  HomeBodies.EntryBody entry(TimelineEntry entry) {
    return new HomeBodies.EntryBody(
        entry.kind(),
        text(
            texts
                .recordKinds()
                .getOrDefault(entry.kind(), new HandbookTexts.Text(entry.kind(), entry.kind()))),
        entry.code(),
        entry.date(),
        text(entry.title()),
        entry.judgement() == null ? null : judgement(entry.judgement()),
        entry.source(),
        text(texts.recordSource(entry.source())),
        entry.followUp(),
        entry.followUp() == null ? null : text(texts.followUpState(entry.followUp())),
        entry.link());
  }

  List<HomeBodies.EntryBody> entries(List<TimelineEntry> entries) {
    return entries.stream().map(this::entry).toList();
  }

  HomeBodies.JudgementBody judgement(TimelineEntry.Judgement judgement) {
    return new HomeBodies.JudgementBody(
        judgement.item(),
        judgement.code(),
        text(judgement.label()),
        judgement.level().code(),
        text(texts.level(judgement.level())),
        judgement.explanation() == null ? null : text(judgement.explanation()));
  }

  HomeBodies.NextStepBody next(NextStep step) {
    return new HomeBodies.NextStepBody(
        step.source(),
        step.code(),
        step.status(),
        text(texts.nextStepStatus(step.status())),
        step.from(),
        step.until(),
        text(step.title()),
        step.link());
  }

  HomeBodies.FollowUpBody followUp(HandbookSubject subject, FollowUpTracker.FollowUp followUp) {
    HandbookTexts.Text checkup = Judgements.text(catalog.kindLabel(followUp.checkupKind()));
    String state = followUp.open() ? "open" : "closed";
    return new HomeBodies.FollowUpBody(
        followUp.checkupId(),
        followUp.checkupKind(),
        followUp.checkupDate(),
        text(texts.template("follow-up").fill("checkup", checkup)),
        followUp.triggers(),
        followUp.referral(),
        followUp.visitDate(),
        followUp.facility(),
        followUp.result(),
        state,
        text(texts.followUpState(state)),
        subject.path() + "/checkups/" + followUp.checkupId());
  }

  HomeBodies.Notices notices(UnreadNotices.Summary summary) {
    return new HomeBodies.Notices(
        summary.unread(),
        summary.latest().stream()
            .map(
                n ->
                    new HomeBodies.NoticeLine(
                        n.noticeId(),
                        n.kind(),
                        title(n.title()),
                        n.arrivedAt(),
                        "/api/v1/me/notices/" + n.noticeId()))
            .toList(),
        "/api/v1/me/notices");
  }

  /**
   * A notice's title in every offered language the municipality wrote it in (Japanese always), so
   * that a parent reads the title staff wrote in their language, as in the inbox.
   */
  private static Map<String, String> title(Map<String, String> title) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(Language.JA.code(), title.getOrDefault(Language.JA.code(), ""));
    title.forEach(
        (code, text) -> {
          if (Language.ofCode(code).isPresent() && text != null && !text.isBlank()) {
            out.putIfAbsent(code, text);
          }
        });
    return out;
  }

  static HomeBodies.Text text(HandbookTexts.Text text) {
    return new HomeBodies.Text(text.ja(), text.en());
  }
}
