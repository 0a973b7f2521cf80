package app.sukoyaka.security;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Publishes the public keys that verify our access tokens. */
@Controller("/.well-known/jwks.json")
@ExecuteOn(TaskExecutors.BLOCKING)
class JwksController {
  private final SigningKeys keys;

  JwksController(SigningKeys keys) {
    this.keys = keys;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> jwks() {
    keys.signingKey();
    return HttpResponse.ok(keys.publicJwks().toString(true))
        .header("Cache-Control", "public, max-age=" + SigningKeys.JWKS_MAX_AGE.toSeconds());
  }
}
