package app.sukoyaka.municipality;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The municipality's work lists, for its staff: an overview, each list as JSON and as CSV. */
@Controller("/api/v1/municipalities/{municipalityCode}/work-lists")
@ExecuteOn(TaskExecutors.BLOCKING)
class WorkListController {
  private final WorkLists lists;

  WorkListController(WorkLists lists) {
    this.lists = lists;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  WorkListBodies.SummaryListBody overview(
      @PathVariable String municipalityCode, Principal principal) {
    List<WorkListBodies.SummaryBody> summaries = new ArrayList<>();
    for (Map.Entry<WorkList, Long> entry : lists.counts(principal, municipalityCode).entrySet()) {
      WorkList list = entry.getKey();
      summaries.add(
          new WorkListBodies.SummaryBody(
              list.name(),
              WorkListBodies.Text.of(list.title()),
              WorkListBodies.Text.of(list.definition()),
              entry.getValue()));
    }
    return new WorkListBodies.SummaryListBody(municipalityCode, summaries);
  }

  @Get(uri = "/{name}", produces = MediaType.APPLICATION_JSON)
  WorkListBodies.ListBody list(
      @PathVariable String municipalityCode, @PathVariable String name, Principal principal) {
    return WorkListBodies.of(lists.read(principal, municipalityCode, name));
  }

  @Get(uri = "/{name}/csv", produces = "text/csv")
  HttpResponse<byte[]> csv(
      @PathVariable String municipalityCode, @PathVariable String name, Principal principal) {
    WorkLists.View view = lists.read(principal, municipalityCode, name);
    return HttpResponse.ok(WorkLists.csv(view))
        .contentType("text/csv; charset=utf-8")
        .header(
            "Content-Disposition",
            "attachment; filename=\""
                + name
                + "-"
                + municipalityCode
                + "-"
                + view.asOf()
                + ".csv\"");
  }
}
