package app.sukoyaka.family.account;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** The guardian's request to delete their app account. */
@Controller("/api/v1/me/account-deletion")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccountController {
  private final AccountDeletions deletions;

  AccountController(AccountDeletions deletions) {
    this.deletions = deletions;
  }

  @Post(produces = MediaType.APPLICATION_JSON)
  HttpResponse<AccountDeletions.DeletionRequest> request(Principal principal) {
    return HttpResponse.status(HttpStatus.ACCEPTED).body(deletions.request(principal));
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  AccountDeletions.DeletionRequest current(Principal principal) {
    return deletions.current(principal);
  }

  @Delete(produces = MediaType.APPLICATION_JSON)
  AccountDeletions.DeletionRequest cancel(Principal principal) {
    return deletions.cancel(principal);
  }
}
