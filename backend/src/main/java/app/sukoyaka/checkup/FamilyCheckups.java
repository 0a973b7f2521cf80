package app.sukoyaka.checkup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checkups of a family's pregnancies and children, each subject's as its handbook shows them: a
 * pregnancy's newest visit first; a child's oldest first, its own checkups and its mother's
 * encounters (the delivery) with only the findings about this child. A delivery appears under both.
 */
public final class FamilyCheckups {
  private final Map<UUID, List<Checkup>> byPregnancy;
  private final Map<UUID, List<Checkup>> byChild;

  private FamilyCheckups(Map<UUID, List<Checkup>> byPregnancy, Map<UUID, List<Checkup>> byChild) {
    this.byPregnancy = byPregnancy;
    this.byChild = byChild;
  }

  /**
   * Sorts checkups read oldest visit first to their subjects.
   *
   * @param found every checkup to sort, oldest visit first, with all its current findings
   */
  static FamilyCheckups of(
      List<Checkup> found, Collection<UUID> pregnancyIds, Collection<UUID> childIds) {
    Map<UUID, List<Checkup>> byPregnancy = new LinkedHashMap<>();
    pregnancyIds.forEach(id -> byPregnancy.put(id, new ArrayList<>()));
    Map<UUID, List<Checkup>> byChild = new LinkedHashMap<>();
    childIds.forEach(id -> byChild.put(id, new ArrayList<>()));
    for (Checkup checkup : found) {
      List<Checkup> ofPregnancy =
          checkup.pregnancyId() == null ? null : byPregnancy.get(checkup.pregnancyId());
      if (ofPregnancy != null) {
        ofPregnancy.add(checkup);
      }
      List<Checkup> ofChild = checkup.childId() == null ? null : byChild.get(checkup.childId());
      if (ofChild != null) {
        ofChild.add(checkup);
      }
      // The newborn's findings at the mother's delivery belong to the child's handbook too.
      Map<UUID, List<Checkup.Finding>> aboutChildren = new LinkedHashMap<>();
      for (Checkup.Finding finding : checkup.findings()) {
        if (finding.childId() != null
            && !finding.childId().equals(checkup.childId())
            && byChild.containsKey(finding.childId())) {
          aboutChildren.computeIfAbsent(finding.childId(), id -> new ArrayList<>()).add(finding);
        }
      }
      aboutChildren.forEach(
          (child, findings) -> byChild.get(child).add(checkup.withFindings(findings)));
    }
    byPregnancy.values().forEach(Collections::reverse);
    return new FamilyCheckups(freeze(byPregnancy), freeze(byChild));
  }

  private static Map<UUID, List<Checkup>> freeze(Map<UUID, List<Checkup>> lists) {
    Map<UUID, List<Checkup>> frozen = new LinkedHashMap<>();
    lists.forEach((id, list) -> frozen.put(id, List.copyOf(list)));
    return Collections.unmodifiableMap(frozen);
  }

  /** The pregnancy's checkups, newest visit first; empty for a pregnancy not asked for. */
  public List<Checkup> ofPregnancy(UUID pregnancyId) {
    return byPregnancy.getOrDefault(pregnancyId, List.of());
  }

  /** The child's checkups, oldest visit first; empty for a child not asked for. */
  public List<Checkup> ofChild(UUID childId) {
    return byChild.getOrDefault(childId, List.of());
  }

  /** The pregnancies asked for, each with its checkups. */
  public Map<UUID, List<Checkup>> pregnancies() {
    return byPregnancy;
  }

  /** The children asked for, each with its checkups. */
  public Map<UUID, List<Checkup>> children() {
    return byChild;
  }
}
