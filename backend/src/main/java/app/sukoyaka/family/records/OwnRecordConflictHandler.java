package app.sukoyaka.family.records;

import app.sukoyaka.platform.EntityTags;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Problem;
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

  OwnRecordConflictHandler(OwnRecords records) {
    this.views = new OwnRecordViews(records.items());
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, OwnRecordConflict conflict) {
    ErrorCode code = ErrorCode.OWN_RECORD_VERSION_CONFLICT;
    return HttpResponse.status(HttpStatus.CONFLICT)
        .contentType(Problem.MEDIA_TYPE)
        .header("ETag", EntityTags.ofVersion(conflict.current().version()))
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
