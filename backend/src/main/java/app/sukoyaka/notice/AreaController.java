package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.UUID;

/** The municipality's areas (地区) and the area of a person's address, kept by staff. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class AreaController {
  static final int MAX_NAME = 100;

  private final Areas areas;
  private final StaffAccess staff;
  private final AccessGuard guard;

  AreaController(Areas areas, StaffAccess staff, AccessGuard guard) {
    this.areas = areas;
    this.staff = staff;
    this.guard = guard;
  }

  @Get(uri = "/areas", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.AreaList list(Principal principal) {
    return new NoticeBodies.AreaList(
        areas.list(staff.municipality(principal)).stream()
            .map(a -> new NoticeBodies.Area(a.code(), a.name()))
            .toList());
  }

  @Put(
      uri = "/areas/{areaCode}",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Area put(
      @PathVariable String areaCode, @Body NoticeBodies.AreaDraft draft, Principal principal) {
    UUID municipalityId = staff.municipality(principal);
    if (!AudienceQueries.AREA_CODE.matcher(areaCode).matches()) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "areaCode: 1 to 20 letters, digits, hyphens or underscores.",
          List.of(new ProblemException.FieldError("areaCode", "not an area code")));
    }
    String name = draft.name() == null ? "" : draft.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "name: required, at most " + MAX_NAME + " characters.",
          List.of(new ProblemException.FieldError("name", "required, at most " + MAX_NAME)));
    }
    Areas.Area area = areas.put(municipalityId, areaCode, name);
    return new NoticeBodies.Area(area.code(), area.name());
  }

  @Put(
      uri = "/people/{personId}/area",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NoticeBodies.PersonArea setPersonArea(
      @PathVariable UUID personId, @Body NoticeBodies.PersonAreaDraft draft, Principal principal) {
    staff.municipality(principal);
    Areas.Person person =
        areas
            .person(personId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such person."));
    ProtectedSubject subject =
        NoticeSubjects.person(person.id(), person.municipalityId(), person.loginSubject());
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "set-address-area", "notices");
    String code = draft.areaCode();
    if (code != null && !areas.unknown(person.municipalityId(), List.of(code)).isEmpty()) {
      throw new ProblemException(
          ErrorCode.NOTICE_AREA_UNKNOWN,
          "areaCode: the municipality has no area " + code + ".",
          List.of(new ProblemException.FieldError("areaCode", "unknown area")));
    }
    areas.setPersonArea(principal, subject, code);
    return new NoticeBodies.PersonArea(
        person.id(), code, areas.name(person.municipalityId(), code).orElse(null));
  }
}
