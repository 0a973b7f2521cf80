package app.sukoyaka.family.records;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Problem;
import app.sukoyaka.platform.i18n.LocalizedJson;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A stale base version: 409 problem+json with the record as the server holds it. */
@Produces
@Singleton
class OwnRecordConflictHandler implements ExceptionHandler<OwnRecordConflict, HttpResponse<?>> {
  private final OwnRecordViews views;
  private final LocalizedJson localized;

  OwnRecordConflictHandler(OwnRecords records, LocalizedJson localized) {
    this.views = new OwnRecordViews(records.items());
    this.localized = localized;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, OwnRecordConflict conflict) {
    ErrorCode code = ErrorCode.OWN_RECORD_VERSION_CONFLICT;
    // The tag of the current record as its GET gives it to this reader (its language).
    LocalizedJson.Body current = localized.write(views.body(conflict.current()), request);
    return HttpResponse.status(HttpStatus.CONFLICT)
        .contentType(Problem.MEDIA_TYPE)
        .header("ETag", OwnRecordController.tag(conflict.current(), current))
        .body(
            new OwnRecordBodies.ConflictProblem(
                "https://sukoyaka.app/problems/" + code.code(),
                code.title(),
                code.status(),
                conflict.getMessage(),
                code.code(),
                request.getPath(),
                views.body(conflict.current())));
  }
}
