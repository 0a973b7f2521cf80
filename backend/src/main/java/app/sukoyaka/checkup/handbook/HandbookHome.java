package app.sukoyaka.checkup.handbook;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.notice.UnreadNotices;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The handbook's home for a guardian: per pregnancy and child what is next (from every {@link
 * NextStepSource}), the latest records (from every {@link TimelineSource}) and the 精密健康診査 still
 * waiting for a result; and the unread notices. Each source is asked once for all the handbooks, so
 * the number of statements does not grow with the family or its records.
 */
@Singleton
class HandbookHome {
  static final int LATEST_RECORDS = 3;
  static final int LATEST_NOTICES = 3;

  private final List<NextStepSource> nextSteps;
  private final Timeline timeline;
  private final FollowUpTracker followUps;
  private final UnreadNotices notices;

  HandbookHome(
      List<NextStepSource> nextSteps,
      Timeline timeline,
      FollowUpTracker followUps,
      UnreadNotices notices) {
    this.nextSteps = List.copyOf(nextSteps);
    this.timeline = timeline;
    this.followUps = followUps;
    this.notices = notices;
  }

  /** One handbook's part of the home. */
  record Part(
      HandbookSubject subject,
      List<NextStep> next,
      List<TimelineEntry> latest,
      List<FollowUpTracker.FollowUp> openFollowUps) {}

  record Home(LocalDate asOf, UnreadNotices.Summary notices, List<Part> parts) {}

  @Transactional(readOnly = true)
  Home of(Guardian guardian, LocalDate today) {
    List<HandbookSubject> subjects = new ArrayList<>();
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      subjects.add(HandbookSubject.of(pregnancy));
    }
    for (Child child : guardian.children()) {
      subjects.add(HandbookSubject.of(child));
    }
    Map<UUID, List<NextStep>> next = new HashMap<>();
    for (NextStepSource source : nextSteps) {
      for (NextStep step : source.nextSteps(subjects, today)) {
        next.computeIfAbsent(step.subjectId(), id -> new ArrayList<>()).add(step);
      }
    }
    Map<UUID, List<TimelineEntry>> latest =
        timeline.latest(subjects, Role.GUARDIAN, LATEST_RECORDS);
    Map<UUID, FollowUpTracker.FollowUp> referrals =
        followUps.ofChildren(guardian.children().stream().map(Child::id).toList());
    List<Part> parts = new ArrayList<>();
    for (HandbookSubject subject : subjects) {
      List<NextStep> steps = new ArrayList<>(next.getOrDefault(subject.id(), List.of()));
      steps.sort(
          Comparator.comparingInt(NextStep::urgency)
              .thenComparing(NextStep::from)
              .thenComparing(NextStep::source)
              .thenComparing(NextStep::code));
      List<FollowUpTracker.FollowUp> open =
          referrals.values().stream()
              .filter(f -> f.open() && f.childId().equals(subject.id()))
              .sorted(Comparator.comparing(FollowUpTracker.FollowUp::checkupDate).reversed())
              .toList();
      parts.add(new Part(subject, steps, latest.getOrDefault(subject.id(), List.of()), open));
    }
    return new Home(today, notices.of(guardian.personId(), LATEST_NOTICES), parts);
  }
}
