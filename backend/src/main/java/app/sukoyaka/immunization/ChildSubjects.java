package app.sukoyaka.immunization;

import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A child as the access policy sees it when its vaccinations are read: the facilities that
 * submitted records of it are those of its checkups and those that submitted its vaccinations
 * themselves (a performer a family, staff or another register names is no submitter: naming a
 * clinic must not open the child's record to it).
 */
@Singleton
public class ChildSubjects {
  private final CheckupService checkups;
  private final JdbcOperations jdbc;

  ChildSubjects(CheckupService checkups, JdbcOperations jdbc) {
    this.checkups = checkups;
    this.jdbc = jdbc;
  }

  /**
   * The child as the policy sees it when this caller reads its vaccinations: only a clinic's
   * decision weighs the submitting facilities, so no one else's read asks for them.
   */
  @Transactional(readOnly = true)
  public ProtectedSubject of(Child child, Principal caller) {
    return AccessPolicy.weighsSubmittingFacilities(caller)
        ? of(child)
        : FamilySubjects.of(child, Set.of());
  }

  @Transactional(readOnly = true)
  public ProtectedSubject of(Child child) {
    Set<UUID> facilities = new HashSet<>(checkups.submittingFacilitiesOfChild(child.id()));
    jdbc.prepareStatement(
        "SELECT DISTINCT facility_id FROM immunization_record"
            + " WHERE child_id = ? AND facility_id IS NOT NULL AND source = 'clinic'",
        statement -> {
          statement.setObject(1, child.id());
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              facilities.add(rs.getObject(1, UUID.class));
            }
          }
          return null;
        });
    return FamilySubjects.of(child, facilities);
  }
}
