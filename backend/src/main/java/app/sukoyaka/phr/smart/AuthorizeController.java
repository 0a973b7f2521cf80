package app.sukoyaka.phr.smart;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.GuardianBrowserLogins;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.SecurityConfiguration;
import app.sukoyaka.security.StaffLogins;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SMART App Launch authorization endpoint (standalone launch, authorization code flow with PKCE
 * S256 only) and the guardian's pages behind it: log in as guardians do (the residents' OpenID
 * Connect provider, or a demo guardian in demo mode), choose which child or pregnancy, see which
 * records and for how long, allow or not. An unknown app or a redirect URI not registered exactly
 * gets an error page here, never a redirect; every other error goes back to the app (RFC 6749
 * section 4.1.2.1). The pages are never framed, cached nor referred from.
 */
@Controller("/oauth2/authorize")
@ExecuteOn(TaskExecutors.BLOCKING)
class AuthorizeController {
  static final String BROWSER_COOKIE = "sukoyaka-app-authorization";
  static final String CALLBACK_PATH = "/oauth2/authorize/login/callback";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final PhrApps apps;
  private final AppAuthorizations authorizations;
  private final GuardianBrowserLogins logins;
  private final SmartAppConfiguration config;
  private final Clock clock;
  private final String base;
  private final boolean secureCookie;
  private final boolean demo;

  AuthorizeController(
      PhrApps apps,
      AppAuthorizations authorizations,
      GuardianBrowserLogins logins,
      SmartAppConfiguration config,
      SecurityConfiguration security,
      Clock clock,
      @Value("${sukoyaka.demo:false}") boolean demo) {
    this.apps = apps;
    this.authorizations = authorizations;
    this.logins = logins;
    this.config = config;
    this.clock = clock;
    this.base = security.issuer().replaceAll("/+$", "");
    this.secureCookie = base.startsWith("https:");
    this.demo = demo;
  }

  /** A page that cannot go on, shown in the browser (never sent to an unverified redirect URI). */
  static final class PageError extends RuntimeException {
    final ErrorCode code;

    PageError(ErrorCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  @Get(produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> authorize(HttpRequest<?> request) {
    Map<String, String> query = new HashMap<>();
    request.getParameters().forEach((name, values) -> query.put(name, values.get(0)));
    String language =
        ConsentTexts.language(
            query.get("ui_locales"), request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
    PhrApps.PhrApp app = apps.active(query.get("client_id")).orElse(null);
    if (app == null) {
      return error(language, ErrorCode.APP_AUTHORIZATION_INVALID, "Unknown or inactive client_id.");
    }
    String redirectUri = query.get("redirect_uri");
    if (redirectUri == null || !app.redirectUris().contains(redirectUri)) {
      return error(
          language,
          ErrorCode.APP_AUTHORIZATION_INVALID,
          "redirect_uri is not one registered for this app (exact match).");
    }
    String state = query.get("state");
    Optional<String[]> refusal = refusal(app, query);
    if (refusal.isPresent()) {
      return backToApp(redirectUri, refusal.get()[0], refusal.get()[1], state);
    }
    String browser =
        request.getCookies().findCookie(BROWSER_COOKIE).map(Cookie::getValue).orElse(null);
    if (browser == null || browser.length() < 43) {
      browser = Secrets.random();
    }
    UUID id =
        authorizations.start(
            new AppAuthorizations.Request(
                app.clientId(),
                redirectUri,
                AppScopes.parse(query.get("scope")),
                state,
                query.get("code_challenge"),
                language),
            browser);
    return secured(HttpResponse.seeOther(URI.create("/oauth2/authorize/" + id)))
        .cookie(browserCookie(browser));
  }

  /** What is wrong with the request, as an OAuth error and description; empty when nothing. */
  private Optional<String[]> refusal(PhrApps.PhrApp app, Map<String, String> query) {
    if (!"code".equals(query.get("response_type"))) {
      return refuse("unsupported_response_type", "Only response_type=code.");
    }
    String state = query.get("state");
    if (state == null || state.isBlank() || state.length() > 500) {
      return refuse("invalid_request", "state is required (at most 500 characters).");
    }
    String method = query.get("code_challenge_method");
    if (method == null) {
      return refuse("invalid_request", "PKCE is required: code_challenge_method=S256.");
    }
    if (!"S256".equals(method)) {
      return refuse("invalid_request", "Only the S256 code_challenge_method is supported.");
    }
    String challenge = query.get("code_challenge");
    if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
      return refuse("invalid_request", "code_challenge must be a base64url SHA-256 (43 chars).");
    }
    String aud = query.get("aud");
    if (aud != null && !aud.replaceAll("/+$", "").equals(base + "/fhir")) {
      return refuse(
          "invalid_request", "aud must be this server's FHIR base URL, " + base + "/fhir.");
    }
    if (query.get("launch") != null) {
      return refuse("invalid_request", "Only the standalone launch is supported here.");
    }
    Set<String> scopes = AppScopes.parse(query.get("scope"));
    Optional<String> notAllowed = AppScopes.notAllowed(scopes, app.scopes());
    if (notAllowed.isPresent()) {
      return refuse("invalid_scope", "Not a scope this app may ask for: " + notAllowed.get() + ".");
    }
    if (AppScopes.recordKinds(scopes).isEmpty()) {
      return refuse("invalid_scope", "Ask for at least one patient/… scope.");
    }
    return Optional.empty();
  }

  private static Optional<String[]> refuse(String error, String description) {
    return Optional.of(new String[] {error, description});
  }

  /** The login page, or once logged in the consent page. */
  @Get(uri = "/{id}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> page(
      @PathVariable String id, @Nullable @QueryValue String lang, HttpRequest<?> request) {
    Optional<AppAuthorizations.Pending> found = pending(id, request);
    if (found.isEmpty()) {
      return expired(lang);
    }
    AppAuthorizations.Pending pending = found.get();
    String language = "en".equals(lang) || "ja".equals(lang) ? lang : pending.language();
    Map<String, String> t = ConsentTexts.get().of(language);
    PhrApps.PhrApp app = apps.find(pending.clientId()).orElseThrow();
    Map<String, Object> model = new HashMap<>();
    model.put("lang", language);
    model.put("otherLang", "ja".equals(language) ? "en" : "ja");
    model.put("t", t);
    model.put("id", pending.id().toString());
    model.put("appName", app.name());
    model.put("formToken", pending.formToken());
    if (pending.guardianSubject() == null) {
      model.put("intro", ConsentTexts.fill(t.get("login.intro"), Map.of("app", app.name())));
      model.put(
          "providers",
          logins.providers().stream()
              .map(
                  p ->
                      Map.of(
                          "href",
                          "/oauth2/authorize/" + pending.id() + "/login/" + p.name(),
                          "label",
                          ConsentTexts.fill(
                              t.get("login.provider"), Map.of("provider", p.displayName()))))
              .toList());
      model.put("demo", demo);
      model.put(
          "demoGuardians",
          demo
              ? authorizations.demoGuardians().stream()
                  .map(g -> Map.of("subject", g[0], "label", g[1] + " (" + g[0] + ")"))
                  .toList()
              : List.of());
      return secured(HttpResponse.ok(new ModelAndView<>("smart/login", model)));
    }
    model.put("intro", ConsentTexts.fill(t.get("consent.intro"), Map.of("app", app.name())));
    List<Map<String, String>> choices = new ArrayList<>();
    for (AppAuthorizations.Choice choice : authorizations.choices(pending.guardianSubject())) {
      String label;
      if ("child".equals(choice.subjectType())) {
        label =
            choice.name() == null
                ? ConsentTexts.fill(
                    t.get("consent.childUnnamed"), Map.of("birth", choice.date().toString()))
                : ConsentTexts.fill(
                    t.get("consent.child"),
                    Map.of("name", choice.name(), "birth", choice.date().toString()));
      } else {
        label =
            ConsentTexts.fill(
                t.get("consent.pregnancy"),
                Map.of("due", choice.date() == null ? "—" : choice.date().toString()));
      }
      choices.add(Map.of("key", choice.key(), "label", label));
    }
    model.put("choices", choices);
    model.put(
        "kinds",
        AppScopes.recordKinds(pending.scopes()).stream().map(k -> t.get("kind." + k)).toList());
    if (pending.scopes().contains(AppScopes.OFFLINE_ACCESS)) {
      LocalDate until = clock.instant().plus(config.grantLifetime()).atZone(JAPAN).toLocalDate();
      model.put(
          "howLong",
          ConsentTexts.fill(t.get("consent.untilOffline"), Map.of("until", until.toString())));
    } else {
      model.put(
          "howLong",
          ConsentTexts.fill(
              t.get("consent.untilOnce"),
              Map.of("minutes", String.valueOf(config.accessTokenLifetime().toMinutes()))));
    }
    return secured(HttpResponse.ok(new ModelAndView<>("smart/consent", model)));
  }

  /** Starts the guardian's login at the residents' OpenID Connect provider. */
  @Get(uri = "/{id}/login/{provider}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> login(
      @PathVariable String id, @PathVariable String provider, HttpRequest<?> request) {
    Optional<AppAuthorizations.Pending> found = pending(id, request);
    if (found.isEmpty()) {
      return expired(null);
    }
    String state = Secrets.random();
    String nonce = Secrets.random();
    String verifier = Secrets.random() + Secrets.random();
    Optional<URI> at = logins.start(provider, base + CALLBACK_PATH, state, nonce, verifier);
    if (at.isEmpty()) {
      return error(
          found.get().language(), ErrorCode.APP_LOGIN_FAILED, "No such identity provider.");
    }
    authorizations.loginStarted(found.get().id(), provider, state, nonce, verifier);
    return secured(HttpResponse.seeOther(at.get()));
  }

  /** The provider sends the browser back here with the login's code. */
  @Get(uri = "/login/callback", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> callback(
      @Nullable @QueryValue String code,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String error,
      HttpRequest<?> request) {
    Optional<AppAuthorizations.Pending> found =
        authorizations.byLoginState(state, browser(request));
    if (found.isEmpty()) {
      return expired(null);
    }
    AppAuthorizations.Pending pending = found.get();
    if (error != null || code == null) {
      return error(pending.language(), ErrorCode.APP_LOGIN_FAILED, "The login was not completed.");
    }
    Principal guardian;
    try {
      guardian =
          logins.finish(
              pending.loginProvider(),
              code,
              pending.loginVerifier(),
              base + CALLBACK_PATH,
              pending.loginNonce());
    } catch (StaffLogins.LoginFailed e) {
      return error(pending.language(), ErrorCode.APP_LOGIN_FAILED, e.getMessage());
    }
    authorizations.loggedIn(pending.id(), guardian.subject());
    return secured(HttpResponse.seeOther(URI.create("/oauth2/authorize/" + pending.id())));
  }

  /** The guardian's decision: back to the app with a code, or with access_denied. */
  @Post(
      uri = "/{id}/decision",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> decide(
      @PathVariable String id, @Body Map<String, String> form, HttpRequest<?> request) {
    UUID authorization = uuid(id).orElse(null);
    if (authorization == null) {
      return expired(null);
    }
    boolean approve = "approve".equals(form.get("decision"));
    Optional<AppAuthorizations.Decided> decided;
    try {
      decided =
          authorizations.decide(
              authorization,
              browser(request),
              form.get("formToken"),
              approve,
              form.getOrDefault("patient", ""));
    } catch (IllegalArgumentException e) {
      return error(
          "ja", ErrorCode.APP_AUTHORIZATION_INVALID, "Choose a child or pregnancy of your family.");
    }
    if (decided.isEmpty()) {
      return expired(null);
    }
    AppAuthorizations.Decided done = decided.get();
    if (done.code() == null) {
      return backToApp(
          done.redirectUri(), "access_denied", "The guardian did not allow it.", done.state());
    }
    return secured(
        HttpResponse.seeOther(
            UriBuilder.of(done.redirectUri())
                .queryParam("code", done.code())
                .queryParam("state", done.state())
                .build()));
  }

  /** The authorization of this browser; empty when unknown, another browser's, used or expired. */
  Optional<AppAuthorizations.Pending> pending(String id, HttpRequest<?> request) {
    return uuid(id).flatMap(u -> authorizations.find(u, browser(request)));
  }

  static String browser(HttpRequest<?> request) {
    return request.getCookies().findCookie(BROWSER_COOKIE).map(Cookie::getValue).orElse(null);
  }

  private Cookie browserCookie(String value) {
    // Lax, not Strict: the browser comes back from the identity provider with a top-level GET.
    return Cookie.of(BROWSER_COOKIE, value)
        .path("/oauth2/authorize")
        .httpOnly(true)
        .secure(secureCookie)
        .sameSite(SameSite.Lax)
        .maxAge(Duration.ofDays(1));
  }

  private static MutableHttpResponse<?> backToApp(
      String redirectUri, String error, String description, String state) {
    UriBuilder uri =
        UriBuilder.of(redirectUri)
            .queryParam("error", error)
            .queryParam("error_description", description);
    if (state != null) {
      uri.queryParam("state", state);
    }
    return secured(HttpResponse.seeOther(uri.build()));
  }

  MutableHttpResponse<?> expired(String language) {
    return error(
        language == null ? "ja" : language,
        ErrorCode.APP_AUTHORIZATION_EXPIRED,
        "This authorization was not started in this browser, was used already or took too long.");
  }

  static MutableHttpResponse<?> error(String language, ErrorCode code, String detail) {
    Map<String, Object> model = new HashMap<>();
    model.put("lang", language);
    model.put("t", ConsentTexts.get().of(language));
    model.put("code", code.code());
    model.put("detail", detail);
    return secured(
        HttpResponse.status(HttpStatus.valueOf(code.status()))
            .body(new ModelAndView<>("smart/error", model)));
  }

  /** Never framed (clickjacking the consent), cached, nor referred from (codes in URLs). */
  static <T> MutableHttpResponse<T> secured(MutableHttpResponse<T> response) {
    return response
        .header("Cache-Control", "no-store")
        .header("X-Frame-Options", "DENY")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .header("Referrer-Policy", "no-referrer");
  }

  static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
