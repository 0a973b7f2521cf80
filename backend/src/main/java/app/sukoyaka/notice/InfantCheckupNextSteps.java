package app.sukoyaka.notice;

import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.NextStep;
import app.sukoyaka.checkup.handbook.NextStepSource;
import app.sukoyaka.family.Child;
import app.sukoyaka.notice.reminder.MunicipalReminderSettings;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Infant and child checkups in "what is next": for each child, the checkups its municipality runs
 * whose ages ({@code checkup-ages.json}) have come and that it has not attended, and the next one
 * to come. One statement for the attended checkups of all the children, one per municipality for
 * the checkups it runs (a family's children nearly always share one).
 */
@Singleton
class InfantCheckupNextSteps implements NextStepSource {
  static final String SOURCE = "infant-checkup";

  private final JdbcOperations jdbc;
  private final CheckupAges ages;
  private final MunicipalReminderSettings settings;
  private final CheckupItemCatalog catalog;
  private final HandbookTexts texts;

  InfantCheckupNextSteps(
      JdbcOperations jdbc,
      CheckupAges ages,
      MunicipalReminderSettings settings,
      CheckupItemCatalog catalog,
      HandbookTexts texts) {
    this.jdbc = jdbc;
    this.ages = ages;
    this.settings = settings;
    this.catalog = catalog;
    this.texts = texts;
  }

  @Override
  @Transactional(readOnly = true)
  public List<NextStep> nextSteps(List<HandbookSubject> subjects, LocalDate today) {
    List<Child> children =
        subjects.stream().filter(HandbookSubject::isChild).map(HandbookSubject::child).toList();
    if (children.isEmpty()) {
      return List.of();
    }
    Map<UUID, Set<String>> attended = attended(children);
    Map<UUID, Set<String>> runs = new HashMap<>();
    List<NextStep> steps = new ArrayList<>();
    for (Child child : children) {
      Set<String> run =
          runs.computeIfAbsent(
              child.municipalityId(), m -> new HashSet<>(settings.infantCheckupsRun(m)));
      steps.addAll(steps(child, run, attended.getOrDefault(child.id(), Set.of()), today));
    }
    return steps;
  }

  /** Pure: the open windows not attended, and the first window still to come. */
  List<NextStep> steps(Child child, Set<String> run, Set<String> attended, LocalDate today) {
    List<NextStep> steps = new ArrayList<>();
    boolean upcomingShown = false;
    for (CheckupAges.Window window : ages.windows().values()) {
      if (!run.contains(window.kind()) || attended.contains(window.kind())) {
        continue;
      }
      LocalDate opens = window.from().reachedBy(child.birthDate());
      LocalDate until = window.before().reachedBy(child.birthDate()).minusDays(1);
      if (until.isBefore(today)) {
        continue;
      }
      boolean open = !opens.isAfter(today);
      if (!open && upcomingShown) {
        continue;
      }
      upcomingShown |= !open;
      LocalizedText label = catalog.kindLabel(window.kind());
      steps.add(
          new NextStep(
              HandbookSubject.CHILD,
              child.id(),
              SOURCE,
              window.kind(),
              open ? NextStep.DUE : NextStep.UPCOMING,
              opens,
              until,
              texts
                  .template("infant-checkup")
                  .fill("checkup", new HandbookTexts.Text(label.ja(), label.en())),
              "/api/v1/children/" + child.id() + "/timeline"));
    }
    return steps;
  }

  private Map<UUID, Set<String>> attended(List<Child> children) {
    UUID[] ids = children.stream().map(Child::id).toArray(UUID[]::new);
    return jdbc.prepareStatement(
        "SELECT DISTINCT child_id, kind FROM checkup_encounter WHERE child_id = ANY (?)",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          Map<UUID, Set<String>> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashSet<>())
                  .add(rs.getString(2));
            }
          }
          return found;
        });
  }
}
