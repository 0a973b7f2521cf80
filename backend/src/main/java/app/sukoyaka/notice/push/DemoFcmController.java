package app.sukoyaka.notice.push;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Demo mode: what the service's local FCM endpoint received, newest first. */
@Controller("/dev/fcm")
@Requires(property = "sukoyaka.demo", value = "true")
@Requires(beans = DemoFcmEndpoint.class)
class DemoFcmController {
  private final DemoFcmEndpoint endpoint;

  DemoFcmController(DemoFcmEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Get(uri = "/messages", produces = MediaType.APPLICATION_JSON)
  PushBodies.LocalFcmMessagesBody messages(@QueryValue @Nullable Integer limit) {
    int size = limit == null ? 50 : limit;
    if (size < 1 || size > DemoFcmEndpoint.KEPT) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "limit must be 1 to " + DemoFcmEndpoint.KEPT + ".",
          List.of(
              new ProblemException.FieldError("limit", "must be 1 to " + DemoFcmEndpoint.KEPT)));
    }
    return PushBodies.received(endpoint.endpoint(), size);
  }
}
