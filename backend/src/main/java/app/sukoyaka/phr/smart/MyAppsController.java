package app.sukoyaka.phr.smart;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The guardian's third-party apps: every consent they gave, current, ended and withdrawn, and the
 * withdrawal of one, effective at once (the app's next request is refused).
 */
@Controller("/api/v1/me/apps")
@ExecuteOn(TaskExecutors.BLOCKING)
class MyAppsController {
  private final AppGrants grants;
  private final FamilyService families;
  private final Clock clock;

  MyAppsController(AppGrants grants, FamilyService families, Clock clock) {
    this.grants = grants;
    this.families = families;
    this.clock = clock;
  }

  @Serdeable
  record AppAccess(
      UUID id,
      String clientId,
      String appName,
      String subjectType,
      UUID subjectId,
      UUID patientId,
      List<String> recordKinds,
      List<String> scopes,
      Instant agreedAt,
      Instant expiresAt,
      boolean active,
      @Nullable Instant withdrawnAt,
      @Nullable String withdrawnReason,
      @Nullable Instant lastUsedAt) {}

  @Serdeable
  record MyApps(List<AppAccess> apps) {}

  @Get(produces = MediaType.APPLICATION_JSON)
  MyApps list(Principal principal) {
    Instant now = clock.instant();
    return new MyApps(
        grants.ofGuardian(guardian(principal).personId()).stream()
            .map(
                g ->
                    new AppAccess(
                        g.id(),
                        g.clientId(),
                        g.appName(),
                        g.subjectType(),
                        g.subjectId(),
                        g.patientId(),
                        g.recordKinds(),
                        g.scopes().stream().sorted().toList(),
                        g.agreedAt(),
                        g.expiresAt(),
                        g.activeAt(now),
                        g.withdrawnAt(),
                        g.withdrawnReason(),
                        g.lastUsedAt()))
            .toList());
  }

  @Delete("/{id}")
  HttpResponse<?> withdraw(@PathVariable String id, Principal principal) {
    UUID grantId;
    try {
      grantId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw notFound();
    }
    if (!grants.withdrawByGuardian(guardian(principal).personId(), grantId)) {
      throw notFound();
    }
    return HttpResponse.noContent();
  }

  private Guardian guardian(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(ErrorCode.WRONG_ROLE, "Only guardians consent to apps.");
    }
    return families
        .guardian(principal.subject())
        .orElseThrow(
            () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
  }

  private static ProblemException notFound() {
    return new ProblemException(
        ErrorCode.APP_GRANT_NOT_FOUND, "You gave no app access with this id.");
  }
}
