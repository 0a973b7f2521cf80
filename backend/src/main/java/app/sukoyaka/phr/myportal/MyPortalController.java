package app.sukoyaka.phr.myportal;

import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The My Portal link in the parent API: start a link (the app opens the returned authorisation
 * URL), the portal's callback (the browser arrives without our token; the single-use state names
 * the guardian), the guardian's links, ending one, retrieving now, and the conflicts.
 */
@Controller("/api/v1/my-portal")
@ExecuteOn(TaskExecutors.BLOCKING)
class MyPortalController {
  static final String CALLBACK = "/api/v1/my-portal/callback";

  private final MyPortalLinks links;
  private final MyPortalImports imports;
  private final MyPortalConflicts conflicts;
  private final MyPortalSettlements settlements;
  private final Clock clock;

  MyPortalController(
      MyPortalLinks links,
      MyPortalImports imports,
      MyPortalConflicts conflicts,
      MyPortalSettlements settlements,
      Clock clock) {
    this.links = links;
    this.imports = imports;
    this.conflicts = conflicts;
    this.settlements = settlements;
    this.clock = clock;
  }

  @Post(
      uri = "/links",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<MyPortalBodies.LinkStart> start(
      @Body MyPortalBodies.LinkRequest request, Principal principal) {
    MyPortalLinks.Started started =
        links.start(
            principal,
            request.childIds() == null ? List.of() : request.childIds(),
            request.pregnancyIds() == null ? List.of() : request.pregnancyIds());
    return HttpResponse.status(HttpStatus.CREATED)
        .body(
            new MyPortalBodies.LinkStart(
                started.authorizationUrl(), started.state(), started.expiresAt()))
        .header("Cache-Control", "no-store");
  }

  @Get(uri = "/callback", produces = MediaType.APPLICATION_JSON)
  HttpResponse<MyPortalBodies.Link> callback(
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String code,
      @Nullable @QueryValue String error) {
    MyPortalLink link = links.complete(state, code, error);
    return HttpResponse.status(HttpStatus.CREATED)
        .body(MyPortalBodies.link(link, clock.instant()))
        .header("Cache-Control", "no-store");
  }

  @Get(uri = "/links", produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.Links list(Principal principal) {
    return new MyPortalBodies.Links(
        links.links(principal).stream().map(l -> MyPortalBodies.link(l, clock.instant())).toList());
  }

  @Get(uri = "/links/{linkId}", produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.Link one(@PathVariable UUID linkId, Principal principal) {
    return MyPortalBodies.link(links.link(principal, linkId), clock.instant());
  }

  @Delete(uri = "/links/{linkId}", produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.Link end(@PathVariable UUID linkId, Principal principal) {
    return MyPortalBodies.link(links.end(principal, linkId), clock.instant());
  }

  @Post(uri = "/links/{linkId}/imports", produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.ImportSummary importNow(@PathVariable UUID linkId, Principal principal) {
    links.link(principal, linkId);
    return MyPortalBodies.summary(
        linkId, imports.importLink(principal, linkId), imports.mappingVersion());
  }

  @Get(uri = "/conflicts", produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.Conflicts conflicts(Principal principal) {
    return new MyPortalBodies.Conflicts(
        conflicts.ofGuardian(principal).stream().map(MyPortalBodies::conflict).toList());
  }

  @Post(
      uri = "/conflicts/{conflictId}/settlement",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.Settlement settle(
      @PathVariable UUID conflictId,
      @Body MyPortalBodies.SettlementRequest body,
      Principal principal) {
    return MyPortalBodies.settlement(
        settlements.byGuardian(principal, conflictId, body == null ? null : body.choice()));
  }
}
