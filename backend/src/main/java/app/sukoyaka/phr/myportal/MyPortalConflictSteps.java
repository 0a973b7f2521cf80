package app.sukoyaka.phr.myportal;

import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.NextStep;
import app.sukoyaka.checkup.handbook.NextStepSource;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * On the handbook's home, a step for each handbook with records retrieved from My Portal that
 * differ from ours: the guardian sees them where they see what is next, and reads them at {@code
 * /api/v1/my-portal/conflicts}. One statement for all the handbooks.
 */
@Singleton
class MyPortalConflictSteps implements NextStepSource {
  static final String SOURCE = "my-portal";

  private final JdbcOperations jdbc;

  MyPortalConflictSteps(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  @Transactional(readOnly = true)
  public List<NextStep> nextSteps(List<HandbookSubject> subjects, LocalDate today) {
    if (subjects.isEmpty()) {
      return List.of();
    }
    UUID[] children =
        subjects.stream()
            .filter(HandbookSubject::isChild)
            .map(s -> s.child().id())
            .toArray(UUID[]::new);
    UUID[] pregnancies =
        subjects.stream()
            .filter(s -> !s.isChild())
            .map(s -> s.pregnancy().id())
            .toArray(UUID[]::new);
    return jdbc.prepareStatement(
        "SELECT child_id, pregnancy_id, count(*), min(created_at) FROM my_portal_conflict"
            + " WHERE status = 'open' AND (child_id = ANY (?) OR pregnancy_id = ANY (?))"
            + " GROUP BY child_id, pregnancy_id",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", children));
          statement.setArray(2, statement.getConnection().createArrayOf("uuid", pregnancies));
          List<NextStep> steps = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID child = rs.getObject(1, UUID.class);
              long count = rs.getLong(3);
              LocalDate since =
                  rs.getTimestamp(4)
                      .toInstant()
                      .atZone(java.time.ZoneId.of("Asia/Tokyo"))
                      .toLocalDate();
              steps.add(
                  new NextStep(
                      child != null ? HandbookSubject.CHILD : HandbookSubject.PREGNANCY,
                      child != null ? child : rs.getObject(2, UUID.class),
                      SOURCE,
                      "conflicts",
                      NextStep.DUE,
                      since.isAfter(today) ? today : since,
                      null,
                      new HandbookTexts.Text(
                          "マイナポータルの記録と異なる記録があります（" + count + "件）。内容を確認してください",
                          count
                              + (count == 1 ? " record differs" : " records differ")
                              + " from My Portal's: please check"),
                      "/api/v1/my-portal/conflicts"));
            }
          }
          return steps;
        });
  }
}
