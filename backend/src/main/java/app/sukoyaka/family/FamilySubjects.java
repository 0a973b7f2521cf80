package app.sukoyaka.family;

import app.sukoyaka.security.ProtectedSubject;
import java.util.Set;
import java.util.UUID;

/** Pregnancies and children as the access policy sees them. */
public final class FamilySubjects {
  private FamilySubjects() {}

  /**
   * The pregnancy as a protected subject.
   *
   * @param submittingFacilities the facilities that submitted records of it
   */
  public static ProtectedSubject of(Pregnancy pregnancy, Set<UUID> submittingFacilities) {
    return new ProtectedSubject(
        "pregnancy",
        pregnancy.id(),
        pregnancy.municipalityId(),
        pregnancy.guardianSubject() == null ? Set.of() : Set.of(pregnancy.guardianSubject()),
        submittingFacilities);
  }

  public static ProtectedSubject of(Child child) {
    return new ProtectedSubject(
        "child", child.id(), child.municipalityId(), child.guardianSubjects(), Set.of());
  }
}
