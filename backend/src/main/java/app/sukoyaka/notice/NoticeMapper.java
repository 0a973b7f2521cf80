package app.sukoyaka.notice;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Domain to API bodies for notices, audiences, the inbox, follow-up and consent. Pure. */
final class NoticeMapper {
  private NoticeMapper() {}

  static NoticeBodies.Notice notice(StoredNotice n) {
    NoticeContent c = n.content();
    return new NoticeBodies.Notice(
        n.id(),
        c.kind().code(),
        n.status(),
        NoticeJson.ordered(c.title()),
        NoticeJson.ordered(c.body()),
        links(c.links()),
        question(c.question()),
        c.replyDeadline(),
        c.replyPolicy() == null ? null : c.replyPolicy().code(),
        c.consentTextVersion(),
        c.paperAfterDays(),
        c.audienceId(),
        attachments(n.attachments()),
        n.createdBy(),
        n.createdAt(),
        n.updatedBy(),
        n.updatedAt(),
        n.sentBy(),
        n.sentAt(),
        counts(n));
  }

  static NoticeBodies.NoticeSummary summary(StoredNotice n) {
    return new NoticeBodies.NoticeSummary(
        n.id(),
        n.content().kind().code(),
        n.status(),
        NoticeJson.ordered(n.content().title()),
        n.createdAt(),
        n.updatedAt(),
        n.sentBy(),
        n.sentAt(),
        counts(n));
  }

  private static NoticeBodies.RecipientCounts counts(StoredNotice n) {
    return n.sent()
        ? new NoticeBodies.RecipientCounts(
            n.onlineCount() + n.paperCount(), n.onlineCount(), n.paperCount())
        : null;
  }

  static NoticeBodies.RecipientCounts counts(NoticeSending.Counts counts) {
    return new NoticeBodies.RecipientCounts(counts.total(), counts.online(), counts.paper());
  }

  static List<NoticeBodies.Link> links(List<NoticeContent.Link> links) {
    return links.stream().map(l -> new NoticeBodies.Link(l.title(), l.url())).toList();
  }

  static NoticeBodies.Question question(NoticeContent.NoticeQuestion q) {
    if (q == null) {
      return null;
    }
    return new NoticeBodies.Question(
        q.type().code(),
        NoticeJson.ordered(q.prompt()),
        q.options().stream()
            .map(o -> new NoticeBodies.Option(o.code(), NoticeJson.ordered(o.label())))
            .toList(),
        q.dates(),
        q.maxLength());
  }

  static List<NoticeBodies.Attachment> attachments(List<StoredNotice.StoredAttachment> found) {
    return found.stream()
        .map(
            a ->
                new NoticeBodies.Attachment(
                    a.id(), a.fileName(), a.contentType(), a.size(), a.sha256()))
        .toList();
  }

  static NoticeBodies.Attachment attachment(StoredNotice.StoredAttachment a) {
    return attachments(List.of(a)).get(0);
  }

  static NoticeBodies.Audience audience(AudienceStore.StoredAudience a) {
    return new NoticeBodies.Audience(
        a.id(), a.name(), a.query(), a.createdBy(), a.createdAt(), a.updatedBy(), a.updatedAt());
  }

  static NoticeBodies.InboxItem inboxItem(Inbox.Item i) {
    return new NoticeBodies.InboxItem(
        i.noticeId(),
        i.kind().code(),
        NoticeJson.ordered(i.title()),
        i.arrivedAt(),
        i.readAt(),
        i.hasQuestion(),
        i.replyDeadline(),
        i.replied(),
        i.attachmentCount());
  }

  static NoticeBodies.InboxNotice inboxNotice(Inbox.Delivered d, boolean canReply) {
    StoredNotice n = d.notice();
    NoticeContent c = n.content();
    return new NoticeBodies.InboxNotice(
        n.id(),
        c.kind().code(),
        new NoticeBodies.Municipality(d.municipalityCode(), d.municipalityName()),
        NoticeJson.ordered(c.title()),
        NoticeJson.ordered(c.body()),
        links(c.links()),
        attachments(n.attachments()),
        question(c.question()),
        c.replyDeadline(),
        c.replyPolicy() == null ? null : c.replyPolicy().code(),
        c.consentTextVersion(),
        n.sentAt(),
        d.readAt(),
        reply(d.reply()),
        canReply);
  }

  static NoticeBodies.Reply reply(Inbox.Reply r) {
    return r == null
        ? null
        : new NoticeBodies.Reply(r.choices(), r.date(), r.text(), r.answeredAt());
  }

  static NoticeBodies.FollowUp followUp(FollowUps.Summary s) {
    NoticeContent.NoticeQuestion q = s.notice().content().question();
    NoticeBodies.Tally tally = null;
    if (q != null) {
      List<NoticeBodies.ChoiceCount> choices = new ArrayList<>();
      for (NoticeContent.Option option : q.options()) {
        choices.add(
            new NoticeBodies.ChoiceCount(
                option.code(),
                NoticeJson.ordered(option.label()),
                s.choiceCounts().getOrDefault(option.code(), 0)));
      }
      List<NoticeBodies.DateCount> dates = new ArrayList<>();
      for (Map.Entry<LocalDate, Integer> date : s.dateCounts().entrySet()) {
        dates.add(new NoticeBodies.DateCount(date.getKey(), date.getValue()));
      }
      tally = new NoticeBodies.Tally(q.type().code(), s.replied(), choices, dates);
    }
    return new NoticeBodies.FollowUp(
        s.notice().id(),
        s.notice().sentAt(),
        s.total(),
        s.online(),
        s.paper(),
        s.read(),
        s.unread(),
        s.replied(),
        s.paperFollowUp(),
        s.notice().content().paperAfterDays(),
        tally);
  }

  static NoticeBodies.Recipient recipient(FollowUps.Recipient r) {
    return new NoticeBodies.Recipient(
        r.personId(),
        r.name(),
        r.nameKana(),
        r.areaCode(),
        r.areaName(),
        r.handbookNumbers(),
        r.channel(),
        r.arrivedAt(),
        r.readAt(),
        reply(r.reply()));
  }

  static NoticeBodies.Consent consent(List<Consents.Decision> history) {
    List<NoticeBodies.ConsentEvent> events =
        history.stream()
            .map(
                d ->
                    new NoticeBodies.ConsentEvent(
                        d.decision(), d.textVersion(), d.noticeId(), d.decidedAt()))
            .toList();
    if (history.isEmpty()) {
      return new NoticeBodies.Consent("none", null, null, null, events);
    }
    Consents.Decision current = history.get(0);
    return new NoticeBodies.Consent(
        current.decision(), current.textVersion(), current.noticeId(), current.decidedAt(), events);
  }
}
