package app.sukoyaka.family.sync;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * What one sync covers: the guardian (their inbox) and the pregnancies and children in their
 * family's reach.
 *
 * @param personId the guardian whose own records (their inbox) to include; null when only these
 *     pregnancies' and children's records are asked for
 */
public record SyncSubjects(@Nullable UUID personId, List<UUID> pregnancyIds, List<UUID> childIds) {
  public SyncSubjects {
    pregnancyIds = List.copyOf(pregnancyIds);
    childIds = List.copyOf(childIds);
  }

  public boolean hasSubjects() {
    return !pregnancyIds.isEmpty() || !childIds.isEmpty();
  }

  public UUID[] pregnancyArray() {
    return pregnancyIds.toArray(UUID[]::new);
  }

  public UUID[] childArray() {
    return childIds.toArray(UUID[]::new);
  }
}
