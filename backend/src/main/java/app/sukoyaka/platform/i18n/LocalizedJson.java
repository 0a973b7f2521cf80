package app.sukoyaka.platform.i18n;

import app.sukoyaka.security.Principal;
import app.sukoyaka.security.RequestPrincipals;
import app.sukoyaka.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A response body written for its reader before it becomes bytes, for the controllers that send
 * bytes to digest them into an ETag (which {@link LanguageFilter} passes over): the texts are the
 * parent's language beside the Japanese, as everywhere else, and the ETag differs per language, so
 * a parent who changed language is never answered 304 with the old one. Staff and clinics get the
 * body whole.
 */
@Singleton
public class LocalizedJson {
  private final GuardianLanguages languages;
  private final JsonMapper json;
  private final TextLocalizer localizer = new TextLocalizer(Translations.load());

  public LocalizedJson(GuardianLanguages languages, JsonMapper json) {
    this.languages = languages;
    this.json = json;
  }

  /**
   * The serialised body.
   *
   * @param language the language its texts were written for; null when left whole
   */
  public record Body(byte[] bytes, @Nullable Language language) {
    /** Says in which language the body is and that it varies by Accept-Language. */
    public <T> MutableHttpResponse<T> describe(MutableHttpResponse<T> response) {
      if (language != null) {
        response.header(HttpHeaders.CONTENT_LANGUAGE, language.code());
        response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
      }
      return response;
    }
  }

  /** The parent a response to this request is written for (a guardian or resident), if any. */
  static Optional<Principal> parent(HttpRequest<?> request) {
    return RequestPrincipals.of(request)
        .filter(p -> p.role() == Role.GUARDIAN || p.role() == Role.RESIDENT);
  }

  /** The reader of a response to this request, if it is written for one (a parent). */
  Optional<Reader> reader(HttpRequest<?> request) {
    return parent(request)
        .map(p -> languages.reader(p, request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE)));
  }

  /**
   * The reader of a response to this parent when it is known without asking the database; empty
   * when the database must be asked ({@link #reader}).
   */
  Optional<Reader> knownReader(HttpRequest<?> request, Principal parent) {
    return languages.knownReader(
        request, parent, request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
  }

  /** The body as JSON bytes, its texts written for the request's reader when there is one. */
  public Body write(Object body, HttpRequest<?> request) {
    try {
      Optional<Reader> reader = reader(request);
      if (reader.isEmpty()) {
        return new Body(json.writeValueAsBytes(body), null);
      }
      return new Body(
          localizer.localize(json.writeValueAsBytes(body), reader.get()), reader.get().language());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
