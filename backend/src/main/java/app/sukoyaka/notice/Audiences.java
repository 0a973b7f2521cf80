package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/** Saved audiences as staff manage them: each municipality's own, checked like a notice. */
@Singleton
class Audiences {
  static final int MAX_NAME = 100;

  private final AudienceStore store;
  private final Notices notices;
  private final StaffAccess staff;

  Audiences(AudienceStore store, Notices notices, StaffAccess staff) {
    this.store = store;
    this.notices = notices;
    this.staff = staff;
  }

  AudienceStore.StoredAudience create(Principal principal, NoticeBodies.AudienceDraft draft) {
    UUID municipalityId = staff.municipality(principal);
    String name = name(draft);
    AudienceQuery query = notices.query(municipalityId, draft.query());
    return store.create(municipalityId, name, AudienceQueries.body(query), principal.subject());
  }

  AudienceStore.StoredAudience update(
      Principal principal, UUID audienceId, NoticeBodies.AudienceDraft draft) {
    AudienceStore.StoredAudience audience =
        get(principal, audienceId, AccessPolicy.Action.WRITE, "edit-audience");
    String name = name(draft);
    AudienceQuery query = notices.query(audience.municipalityId(), draft.query());
    return store.update(
        audienceId,
        audience.municipalityId(),
        name,
        AudienceQueries.body(query),
        principal.subject());
  }

  AudienceStore.StoredAudience get(
      Principal principal, UUID audienceId, AccessPolicy.Action action, String what) {
    staff.municipality(principal);
    AudienceStore.StoredAudience audience =
        store
            .find(audienceId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such audience."));
    staff.requireMunicipality(
        principal, action, "notice-audience", audience.id(), audience.municipalityId(), what);
    return audience;
  }

  List<AudienceStore.StoredAudience> list(Principal principal) {
    return store.list(staff.municipality(principal));
  }

  private static String name(NoticeBodies.AudienceDraft draft) {
    String name = draft.name() == null ? "" : draft.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new ProblemException(
          ErrorCode.NOTICE_AUDIENCE_INVALID,
          "name: required, at most " + MAX_NAME + " characters.",
          List.of(new ProblemException.FieldError("name", "required, at most " + MAX_NAME)));
    }
    return name;
  }
}
