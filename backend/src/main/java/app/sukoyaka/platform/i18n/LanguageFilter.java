package app.sukoyaka.platform.i18n;

import app.sukoyaka.security.Principal;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Writes the texts of every response to a parent (a guardian's or resident's token) in the reader's
 * language ({@link TextLocalizer}): controllers build their bodies with Japanese and English as
 * before, and never need to know who reads. Responses to clinics and staff are left whole: staff
 * edit notices in every language they wrote. Problem bodies carry no texts and are left alone.
 */
@ServerFilter("/api/**")
class LanguageFilter {
  private final LocalizedJson readers;
  private final JsonMapper json;
  private final TextLocalizer localizer = new TextLocalizer(Translations.load());

  private final ExecutorService blocking;

  LanguageFilter(
      LocalizedJson readers,
      JsonMapper json,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.readers = readers;
    this.json = json;
    this.blocking = blocking;
  }

  /**
   * Rewrites the body for its reader. Where the reader is known without asking the database (a
   * guardian whose request entered her scope learnt her setting with it; staff, clinics and
   * residents need none) this runs on the thread that made the response, else on the blocking
   * executor: moving every response to another thread cost each parent's read a hand-over.
   */
  @ResponseFilter
  CompletableFuture<MutableHttpResponse<?>> localize(
      HttpRequest<?> request, MutableHttpResponse<?> response) {
    Object body = response.getBody().orElse(null);
    if (body == null || !isJsonBody(body, response)) {
      return CompletableFuture.completedFuture(response);
    }
    Optional<Principal> parent = LocalizedJson.parent(request);
    if (parent.isEmpty()) {
      return CompletableFuture.completedFuture(response);
    }
    Optional<Reader> known = readers.knownReader(request, parent.get());
    if (known.isPresent()) {
      rewrite(body, response, known.get());
      return CompletableFuture.completedFuture(response);
    }
    Supplier<MutableHttpResponse<?>> lookUp =
        () -> {
          readers.reader(request).ifPresent(reader -> rewrite(body, response, reader));
          return response;
        };
    return CompletableFuture.supplyAsync(PropagatedContext.getOrEmpty().wrap(lookUp), blocking);
  }

  private void rewrite(Object body, MutableHttpResponse<?> response, Reader reader) {
    byte[] localized;
    try {
      // Written once as the service writes it, then rewritten in one streaming pass.
      localized = localizer.localize(json.writeValueAsBytes(body), reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    @SuppressWarnings("unchecked")
    MutableHttpResponse<Object> writable = (MutableHttpResponse<Object>) response;
    writable.body(localized);
    writable.contentType(MediaType.APPLICATION_JSON_TYPE);
    response.header(HttpHeaders.CONTENT_LANGUAGE, reader.language().code());
    response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
  }

  /** A body the service serialises to JSON: not bytes, text, files or streams, not a problem. */
  private static boolean isJsonBody(Object body, MutableHttpResponse<?> response) {
    Optional<MediaType> type = response.getContentType();
    if (type.isPresent()
        && !(type.get().getSubtype().equals("json")
            && type.get().getType().equals("application"))) {
      return false;
    }
    String name = body.getClass().getName();
    return !(body instanceof CharSequence
        || body instanceof byte[]
        || body instanceof java.nio.ByteBuffer
        || body instanceof java.io.InputStream
        || body instanceof org.reactivestreams.Publisher
        || body instanceof io.micronaut.core.io.Writable
        || name.startsWith("io.micronaut.http.server.types.")
        || name.startsWith("io.micronaut.buffer.")
        || name.startsWith("io.netty."));
  }
}
