package app.sukoyaka.family.sync;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.Pregnancy;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * What one sync covers: the guardian (their inbox) and the pregnancies and children in their
 * family's reach, as the sync read them at its start (sources need not read them again).
 *
 * @param personId the guardian whose own records (their inbox, their pregnancy notifications) to
 *     include; null when only these pregnancies' and children's records are asked for
 * @param loginSubject the guardian's login, with {@code personId}; null with it
 */
public record SyncSubjects(
    @Nullable UUID personId,
    @Nullable String loginSubject,
    List<Pregnancy> pregnancies,
    List<Child> children) {
  public SyncSubjects {
    pregnancies = List.copyOf(pregnancies);
    children = List.copyOf(children);
  }

  public boolean hasSubjects() {
    return !pregnancies.isEmpty() || !children.isEmpty();
  }

  public List<UUID> pregnancyIds() {
    return pregnancies.stream().map(Pregnancy::id).toList();
  }

  public List<UUID> childIds() {
    return children.stream().map(Child::id).toList();
  }

  public UUID[] pregnancyArray() {
    return pregnancyIds().toArray(UUID[]::new);
  }

  public UUID[] childArray() {
    return childIds().toArray(UUID[]::new);
  }
}
