package app.sukoyaka.notice.push;

import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
import java.util.UUID;

/** The app's push routes: its devices, the guardian's delivery log, opened reports. */
@Controller("/api/v1/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class PushController {
  private final PushDevices devices;
  private final PushLog log;

  PushController(PushDevices devices, PushLog log) {
    this.devices = devices;
    this.log = log;
  }

  @Get(uri = "/devices", produces = MediaType.APPLICATION_JSON)
  PushBodies.DevicesBody devices(Principal principal) {
    return new PushBodies.DevicesBody(
        devices.list(principal).stream().map(PushBodies::device).toList());
  }

  @Post(
      uri = "/devices",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<PushBodies.DeviceBody> register(
      @Body PushBodies.DeviceRegistrationBody body, Principal principal) {
    PushDevices.Registered registered = devices.register(principal, PushBodies.registration(body));
    PushBodies.DeviceBody device = PushBodies.device(registered.device());
    if (!registered.created()) {
      return HttpResponse.ok(device);
    }
    return HttpResponse.created(device)
        .header("Location", "/api/v1/me/devices/" + registered.device().id());
  }

  @Delete(uri = "/devices/{deviceId}")
  HttpResponse<Void> remove(@PathVariable UUID deviceId, Principal principal) {
    devices.remove(principal, deviceId);
    return HttpResponse.noContent();
  }

  @Get(uri = "/push-messages", produces = MediaType.APPLICATION_JSON)
  PushBodies.PushMessagesBody messages(
      @QueryValue @Nullable Integer limit,
      @QueryValue @Nullable String cursor,
      Principal principal) {
    return PushBodies.messages(log.page(principal, limit, cursor));
  }

  @Post(uri = "/push-messages/{messageId}/opened")
  HttpResponse<Void> opened(@PathVariable UUID messageId, Principal principal) {
    log.opened(principal, messageId);
    return HttpResponse.noContent();
  }
}
