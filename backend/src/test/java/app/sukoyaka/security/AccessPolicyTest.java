package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.AccessPolicy.Action;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private static final UUID TOWN = UUID.randomUUID();
  private static final UUID OTHER_TOWN = UUID.randomUUID();
  private static final UUID CLINIC = UUID.randomUUID();
  private static final UUID OTHER_CLINIC = UUID.randomUUID();

  private final AccessPolicy policy = new AccessPolicy();

  /** A mother at 20 weeks in TOWN, whose checkups so far came from CLINIC. */
  private final ProtectedSubject pregnancy =
      new ProtectedSubject("pregnancy", UUID.randomUUID(), TOWN, Set.of("hanako"), Set.of(CLINIC));

  private static Principal guardian(String subject) {
    return new Principal(Role.GUARDIAN, subject, Set.of(), null, Set.of());
  }

  private static Principal clinic(UUID facility, UUID... towns) {
    return new Principal(Role.CLINIC, "client", Set.of(towns), facility, Set.of());
  }

  private static Principal staff(UUID town) {
    return new Principal(Role.STAFF, "staff", Set.of(town), null, Set.of());
  }

  @Test
  void aGuardianReadsHerOwnPregnancy() {
    assertThat(policy.decide(guardian("hanako"), Action.READ, pregnancy).allowed()).isTrue();
  }

  @Test
  void aGuardianCannotReadAnotherFamilysPregnancy() {
    AccessPolicy.Decision decision = policy.decide(guardian("misaki"), Action.READ, pregnancy);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void aClinicWritesForPatientsOfMunicipalitiesItServes() {
    assertThat(policy.decide(clinic(OTHER_CLINIC, TOWN), Action.WRITE, pregnancy).allowed())
        .isTrue();
  }

  @Test
  void aClinicCannotWriteForAMunicipalityWithoutContract() {
    AccessPolicy.Decision decision =
        policy.decide(clinic(CLINIC, OTHER_TOWN), Action.WRITE, pregnancy);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.errorCode()).isEqualTo(ErrorCode.MUNICIPALITY_NOT_SERVED);
  }

  @Test
  void aClinicReadsOnlyWhatItSubmitted() {
    assertThat(policy.decide(clinic(CLINIC, TOWN), Action.READ, pregnancy).allowed()).isTrue();
    assertThat(policy.decide(clinic(OTHER_CLINIC, TOWN), Action.READ, pregnancy).allowed())
        .isFalse();
  }

  @Test
  void aClinicWhoseContractEndedCannotReadEvenWhatItSubmitted() {
    assertThat(policy.decide(clinic(CLINIC, OTHER_TOWN), Action.READ, pregnancy).allowed())
        .isFalse();
  }

  @Test
  void staffReadAndWriteOnlyTheirOwnMunicipality() {
    assertThat(policy.decide(staff(TOWN), Action.READ, pregnancy).allowed()).isTrue();
    assertThat(policy.decide(staff(TOWN), Action.WRITE, pregnancy).allowed()).isTrue();
    assertThat(policy.decide(staff(OTHER_TOWN), Action.READ, pregnancy).allowed()).isFalse();
    assertThat(policy.decide(staff(OTHER_TOWN), Action.WRITE, pregnancy).allowed()).isFalse();
  }

  @Test
  void aPregnancyWhoseMotherHasNoLoginIsReadableByNoGuardian() {
    ProtectedSubject withoutLogin =
        new ProtectedSubject("pregnancy", UUID.randomUUID(), TOWN, Set.of(), Set.of());
    assertThat(policy.decide(guardian("hanako"), Action.READ, withoutLogin).allowed()).isFalse();
  }

  /** A PHR app the guardian hanako let read one child's vaccinations and checkups. */
  private static Principal app(UUID child, String... scopes) {
    return new Principal(
        Role.APP,
        "phr-app",
        Set.of(),
        null,
        Set.of(scopes),
        new Principal.AppGrant(UUID.randomUUID(), "hanako", "child", child, child));
  }

  private static ProtectedSubject child(UUID id, String... guardians) {
    return new ProtectedSubject("child", id, TOWN, Set.of(guardians), Set.of(CLINIC));
  }

  @Test
  void anAppReadsOnlyTheConsentedChildAndOnlyTheKindsItsScopesName() {
    UUID consented = UUID.randomUUID();
    Principal app = app(consented, "patient/Immunization.rs", "launch/patient");
    ProtectedSubject child = child(consented, "hanako");
    assertThat(policy.decide(app, Action.READ, child, "search-immunization").allowed()).isTrue();
    assertThat(policy.decide(app, Action.READ, child, "read-immunization").allowed()).isTrue();
    for (String what :
        new String[] {
          "search-observation", "read-patient", "read-encounter", "read-everything", null
        }) {
      AccessPolicy.Decision refused = policy.decide(app, Action.READ, child, what);
      assertThat(refused.allowed()).as(what).isFalse();
      assertThat(refused.errorCode()).isEqualTo(ErrorCode.APP_NOT_CONSENTED);
    }
    assertThat(policy.decide(app, Action.WRITE, child, "search-immunization").allowed()).isFalse();
    assertThat(
            policy
                .decide(app, Action.READ, child(UUID.randomUUID(), "hanako"), "read-immunization")
                .allowed())
        .isFalse();
    assertThat(policy.decide(app, Action.READ, pregnancy, "read-immunization").allowed()).isFalse();
  }

  @Test
  void anAppReadsNothingMoreOnceTheGuardianNoLongerHasTheChild() {
    UUID consented = UUID.randomUUID();
    Principal app = app(consented, "patient/Immunization.rs");
    assertThat(
            policy
                .decide(app, Action.READ, child(consented, "another"), "read-immunization")
                .allowed())
        .isFalse();
  }

  @Test
  void readAndSearchAreSeparatePermissionsOfAScope() {
    assertThat(AccessPolicy.grantsScope(Set.of("patient/Immunization.r"), "Immunization.r"))
        .isTrue();
    assertThat(AccessPolicy.grantsScope(Set.of("patient/Immunization.r"), "Immunization.s"))
        .isFalse();
    assertThat(AccessPolicy.grantsScope(Set.of("patient/Observation.rs"), "Immunization.r"))
        .isFalse();
  }
}
