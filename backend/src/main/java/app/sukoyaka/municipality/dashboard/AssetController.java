package app.sukoyaka.municipality.dashboard;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** The dashboard's scripts and styles, from the jar; public, as a login page needs them. */
@Controller("/dashboard/assets")
class AssetController {
  private final Assets assets;

  AssetController(Assets assets) {
    this.assets = assets;
  }

  @Get(
      uri = "/{name}",
      produces = {"text/javascript", "text/css"})
  HttpResponse<byte[]> asset(@PathVariable String name, HttpRequest<?> request) {
    return assets
        .get(name)
        .map(
            asset -> {
              String etag = "\"" + asset.digest() + "\"";
              if (etag.equals(request.getHeaders().get("If-None-Match"))) {
                return HttpResponse.<byte[]>status(HttpStatus.NOT_MODIFIED).header("ETag", etag);
              }
              return HttpResponse.ok(asset.bytes())
                  .contentType(asset.contentType())
                  .header("ETag", etag)
                  // The pages name each file with its digest (?v=…): a new build is a new URL.
                  .header("Cache-Control", "public, max-age=31536000, immutable");
            })
        .orElseGet(HttpResponse::notFound);
  }
}
