package app.sukoyaka.family;

import app.sukoyaka.security.ProtectedSubject;
import java.util.Set;
import java.util.UUID;

/** Pregnancies and children as the access policy sees them. */
public final class FamilySubjects {
  private FamilySubjects() {}

  /**
   * The pregnancy as a protected subject. Its guardians are the pregnant person and whoever she
   * shares it with through an accepted invitation (until the share ends).
   *
   * @param submittingFacilities the facilities that submitted records of it
   */
  public static ProtectedSubject of(Pregnancy pregnancy, Set<UUID> submittingFacilities) {
    return new ProtectedSubject(
        "pregnancy",
        pregnancy.id(),
        pregnancy.municipalityId(),
        pregnancy.readerSubjects(),
        submittingFacilities);
  }

  public static ProtectedSubject of(Child child) {
    return of(child, Set.of());
  }

  /**
   * The child as a protected subject.
   *
   * @param submittingFacilities the facilities that submitted records of it
   */
  public static ProtectedSubject of(Child child, Set<UUID> submittingFacilities) {
    return new ProtectedSubject(
        "child",
        child.id(),
        child.municipalityId(),
        child.guardianSubjects(),
        submittingFacilities);
  }

  /** A child about to be recorded, whose guardian will be the mother of its pregnancy. */
  public static ProtectedSubject of(NewChild child, Pregnancy pregnancy) {
    return new ProtectedSubject(
        "child",
        child.id(),
        child.municipalityId(),
        pregnancy.guardianSubject() == null ? Set.of() : Set.of(pregnancy.guardianSubject()),
        Set.of());
  }
}
