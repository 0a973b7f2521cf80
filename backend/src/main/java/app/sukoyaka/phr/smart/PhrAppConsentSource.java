package app.sukoyaka.phr.smart;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentSource;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/** The guardians' consents for third-party apps, as the consent register lists them. */
@Singleton
class PhrAppConsentSource implements ConsentSource {
  static final String KIND = "phr-app";

  private final AppGrants grants;

  PhrAppConsentSource(AppGrants grants) {
    this.grants = grants;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<ConsentEntry> ofGuardian(UUID guardianPersonId) {
    return grants.ofGuardian(guardianPersonId).stream().map(PhrAppConsentSource::entry).toList();
  }

  static ConsentEntry entry(AppGrants.Grant grant) {
    boolean child = "child".equals(grant.subjectType());
    return new ConsentEntry(
        KIND,
        grant.id().toString(),
        grant.appName(),
        child ? List.of(grant.subjectId()) : List.of(),
        child ? List.of() : List.of(grant.subjectId()),
        grant.recordKinds(),
        grant.textVersion(),
        grant.agreedAt(),
        grant.expiresAt(),
        grant.withdrawnAt());
  }

  @Override
  public boolean withdraw(UUID guardianPersonId, String consentId) {
    UUID id;
    try {
      id = UUID.fromString(consentId);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return grants.withdrawByGuardian(guardianPersonId, id);
  }
}
