package app.sukoyaka.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A guardian's person and reading setting as the database gave them when her request entered its
 * scope (V0051), kept with the request so that writing the response in her language needs no second
 * look-up. A request that changes her setting forgets it ({@link #forget}), and the next look-up
 * reads the database again.
 *
 * @param loginSubject the guardian's login subject
 * @param personId null when no person logs in with it yet
 * @param language the stored language code; null when she never stored a setting
 * @param calendar the stored calendar code; null while she never chose one
 * @param settingUpdatedAt null while she never stored a setting
 */
public record CallerPerson(
    String loginSubject,
    @Nullable UUID personId,
    @Nullable UUID municipalityId,
    @Nullable String language,
    @Nullable String calendar,
    @Nullable Instant settingUpdatedAt) {

  static final String ATTRIBUTE = "sukoyaka.caller-person";

  /** What the current request learnt of the person who logs in with that subject, if anything. */
  public static Optional<CallerPerson> ofCurrentRequest(String loginSubject) {
    return ServerRequestContext.currentRequest().flatMap(request -> of(request, loginSubject));
  }

  /** What this request learnt of the person who logs in with that subject, if anything. */
  public static Optional<CallerPerson> of(HttpRequest<?> request, String loginSubject) {
    return request
        .getAttribute(ATTRIBUTE, CallerPerson.class)
        .filter(known -> known.loginSubject().equals(loginSubject));
  }

  /** After the current request changed the guardian's person or setting. */
  public static void forget() {
    ServerRequestContext.currentRequest()
        .ifPresent(request -> request.getAttributes().remove(ATTRIBUTE));
  }

  void keep(HttpRequest<?> request) {
    request.setAttribute(ATTRIBUTE, this);
  }
}
