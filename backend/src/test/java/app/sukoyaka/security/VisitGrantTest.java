package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.AccessPolicy.Action;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The visit grant: a clinic the family showed a child's visit QR code to reads that visit and
 * writes that child's vaccination, whatever municipality it serves; nothing more, nobody else.
 */
class VisitGrantTest {
  private static final UUID TOWN = UUID.randomUUID();
  private static final UUID OTHER_TOWN = UUID.randomUUID();
  private static final UUID VISITED = UUID.randomUUID();
  private static final UUID OTHER_CLINIC = UUID.randomUUID();

  private final AccessPolicy policy = new AccessPolicy();
  private final ProtectedSubject child =
      new ProtectedSubject("child", UUID.randomUUID(), TOWN, Set.of("hanako"), Set.of());

  /** Grants held: facility and child. */
  private final Set<String> grants = new HashSet<>();

  private final AccessGuard guard =
      new AccessGuard(
          policy, null, (facility, childId) -> grants.contains(facility.toString() + childId));

  private static Principal clinic(UUID facility, UUID... towns) {
    return new Principal(Role.CLINIC, "client", Set.of(towns), facility, Set.of());
  }

  @Test
  void aClinicOfAnotherMunicipalityWithTheGrantReadsAndWritesTheVisitedChild() {
    ProtectedSubject visited = child.withVisitingFacility(VISITED);

    assertThat(policy.decide(clinic(VISITED, OTHER_TOWN), Action.READ, visited).allowed()).isTrue();
    assertThat(policy.decide(clinic(VISITED, OTHER_TOWN), Action.WRITE, visited).allowed())
        .isTrue();
  }

  @Test
  void withoutTheGrantItIsRefusedAsBefore() {
    AccessPolicy.Decision decision =
        policy.decide(clinic(VISITED, OTHER_TOWN), Action.WRITE, child);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.errorCode()).isEqualTo(ErrorCode.MUNICIPALITY_NOT_SERVED);
  }

  @Test
  void theGrantOfOneClinicDoesNothingForAnother() {
    ProtectedSubject visited = child.withVisitingFacility(VISITED);

    assertThat(policy.decide(clinic(OTHER_CLINIC, OTHER_TOWN), Action.WRITE, visited).allowed())
        .isFalse();
    assertThat(policy.decide(clinic(OTHER_CLINIC, TOWN), Action.READ, visited).allowed()).isFalse();
  }

  @Test
  void aGrantOnAPregnancyMeansNothing() {
    ProtectedSubject pregnancy =
        new ProtectedSubject(
            "pregnancy", UUID.randomUUID(), TOWN, Set.of("hanako"), Set.of(), Set.of(VISITED));

    assertThat(policy.decide(clinic(VISITED, OTHER_TOWN), Action.WRITE, pregnancy).allowed())
        .isFalse();
  }

  @Test
  void theGuardLooksTheGrantUpForTheClinicsVaccinationWriteOnly() {
    grants.add(VISITED.toString() + child.id());
    String dose = "submit-immunization";

    assertThat(guard.permits(clinic(VISITED, OTHER_TOWN), Action.WRITE, child, dose)).isTrue();
    // The family showed the code for a vaccination: a checkup is not covered.
    assertThat(guard.permits(clinic(VISITED, OTHER_TOWN), Action.WRITE, child, "submit-checkup"))
        .isFalse();
    assertThat(guard.permits(clinic(VISITED, OTHER_TOWN), Action.WRITE, child)).isFalse();
    // Reads get no second look: the clinic reads the child through the visit only.
    assertThat(guard.permits(clinic(VISITED, OTHER_TOWN), Action.READ, child, dose)).isFalse();
    assertThat(guard.permits(clinic(OTHER_CLINIC, OTHER_TOWN), Action.WRITE, child, dose))
        .isFalse();
  }

  @Test
  void theGuardDoesNotLookUpGrantsForWritesThePolicyAllowsOrForOtherRoles() {
    Set<String> lookedUp = new HashSet<>();
    AccessGuard counting =
        new AccessGuard(
            policy,
            null,
            (facility, childId) -> {
              lookedUp.add(facility.toString());
              return false;
            });

    assertThat(counting.permits(clinic(VISITED, TOWN), Action.WRITE, child, "submit-immunization"))
        .isTrue();
    assertThat(
            counting.permits(
                new Principal(Role.GUARDIAN, "misaki", Set.of(), null, Set.of()),
                Action.WRITE,
                child,
                "submit-immunization"))
        .isFalse();
    assertThat(lookedUp).isEmpty();
  }
}
