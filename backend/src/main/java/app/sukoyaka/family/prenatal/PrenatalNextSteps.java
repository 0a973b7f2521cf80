package app.sukoyaka.family.prenatal;

import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.NextStep;
import app.sukoyaka.checkup.handbook.NextStepSource;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The next 妊婦健診 on the handbook's home: per pregnancy, the first visit of its schedule whose 受診券 is
 * unused and whose recommended window is not over — due once the window opens, upcoming before.
 * Read for all the guardian's pregnancies in one statement.
 */
@Singleton
class PrenatalNextSteps implements NextStepSource {
  static final String SOURCE = "prenatal-checkup";

  private final JdbcOperations jdbc;
  private final HandbookTexts texts;
  private final PrenatalCheckupPlan plan;

  PrenatalNextSteps(JdbcOperations jdbc, HandbookTexts texts) {
    this.jdbc = jdbc;
    this.texts = texts;
    this.plan = PrenatalCheckupPlan.load();
  }

  @Override
  @Transactional(readOnly = true)
  public List<NextStep> nextSteps(List<HandbookSubject> subjects, LocalDate today) {
    UUID[] pregnancies =
        subjects.stream()
            .filter(s -> !s.isChild() && "active".equals(s.pregnancy().status()))
            .map(HandbookSubject::id)
            .toArray(UUID[]::new);
    if (pregnancies.length == 0) {
      return List.of();
    }
    List<PrenatalVisit> ahead =
        jdbc.prepareStatement(
            PrenatalSchedule.SELECT
                + " WHERE v.pregnancy_id = ANY (?) AND pv.used_at IS NULL AND v.recommended_to >= ?"
                + " ORDER BY v.pregnancy_id, v.visit_number",
            statement -> {
              statement.setArray(1, statement.getConnection().createArrayOf("uuid", pregnancies));
              statement.setDate(2, Date.valueOf(today));
              return PrenatalSchedule.visits(statement, plan);
            });
    Map<UUID, PrenatalVisit> next = new LinkedHashMap<>();
    for (PrenatalVisit visit : ahead) {
      next.putIfAbsent(visit.voucher().pregnancyId(), visit);
    }
    List<NextStep> steps = new ArrayList<>();
    next.forEach((pregnancyId, visit) -> steps.add(step(pregnancyId, visit, today)));
    return steps;
  }

  /** Pure: the visit as a step of the home. */
  NextStep step(UUID pregnancyId, PrenatalVisit visit, LocalDate today) {
    String number = Integer.toString(visit.number());
    String weeks =
        visit.fromWeek() == visit.toWeek()
            ? Integer.toString(visit.fromWeek())
            : visit.fromWeek() + "–" + visit.toWeek();
    return new NextStep(
        HandbookSubject.PREGNANCY,
        pregnancyId,
        SOURCE,
        "visit-" + visit.number(),
        visit.recommendedFrom().isAfter(today) ? NextStep.UPCOMING : NextStep.DUE,
        visit.recommendedFrom(),
        visit.recommendedTo(),
        texts
            .template(SOURCE)
            .fill("visit", new HandbookTexts.Text(number, number))
            .fill("weeks", new HandbookTexts.Text(weeks, weeks)),
        "/api/v1/pregnancies/" + pregnancyId + "/prenatal-checkups");
  }
}
