package app.sukoyaka.phr.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * A third-party PHR app against the running service, as it would be written: the Nimbus OAuth 2.0
 * SDK for the authorization (PKCE S256), the token, the refresh and the revocation, a browser for
 * the guardian's login and consent, and HAPI's generic FHIR client for the reads. And the attacks
 * an app, a thief of its tokens or another site would try, each refused.
 */
class SmartAppLaunchIT {
  private static final String REDIRECT = "https://phr.example.jp/callback";
  private static final Pattern FORM_TOKEN =
      Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");
  private static final FhirContext FHIR = FhirContext.forR4();
  private static final String ALL_SCOPES =
      "launch/patient offline_access patient/Immunization.rs patient/Observation.rs"
          + " patient/Patient.rs";

  static {
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
  }

  private static URI endpoint(String path) {
    return TestService.uri(path);
  }

  /** A public app registered by the operator, allowed every scope. */
  private static ClientID publicApp() {
    String clientId = "phr-" + UUID.randomUUID();
    TestService.bean(PhrApps.class)
        .register(
            new PhrApps.Registration(
                clientId,
                "はぐくみ記録",
                List.of(REDIRECT, "com.example.phr:/callback"),
                false,
                Set.copyOf(AppScopes.SUPPORTED)));
    return new ClientID(clientId);
  }

  /** The app's authorization request, as the SDK builds it. */
  private static URI authorizationRequest(
      ClientID app, String scope, State state, CodeVerifier verifier, String redirect) {
    AuthorizationRequest.Builder request =
        new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), app)
            .endpointURI(endpoint("/oauth2/authorize"))
            .redirectionURI(URI.create(redirect))
            .scope(Scope.parse(scope))
            .state(state)
            .customParameter("aud", TestService.ISSUER + "/fhir");
    if (verifier != null) {
      request.codeChallenge(verifier, CodeChallengeMethod.S256);
    }
    return request.build().toURI();
  }

  private static String pathOf(URI uri) {
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static String formToken(DashboardBrowser.Page page) {
    Matcher matcher = FORM_TOKEN.matcher(page.body());
    assertThat(matcher.find()).as("a form with its token: %s", page.body()).isTrue();
    return matcher.group(1);
  }

  /** The guardian's browser from the app's request to the consent page, logged in (demo). */
  private static DashboardBrowser.Page toConsentPage(
      DashboardBrowser browser, URI request, String guardianSubject) {
    DashboardBrowser.Page started = browser.get(pathOf(request));
    assertThat(started.status()).as(started.body()).isEqualTo(303);
    String pagePath = started.header("location");
    DashboardBrowser.Page login = browser.get(pagePath);
    assertThat(login.status()).isEqualTo(200);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("formToken", formToken(login));
    form.put("subject", guardianSubject);
    DashboardBrowser.Page loggedIn = browser.postAsIs(pagePath + "/demo-login", form, Map.of());
    assertThat(loggedIn.status()).as(loggedIn.body()).isEqualTo(303);
    assertThat(loggedIn.header("location")).isEqualTo(pagePath);
    DashboardBrowser.Page consent = browser.get(pagePath);
    assertThat(consent.status()).isEqualTo(200);
    return consent;
  }

  /** Allows (or not) on the consent page: the browser's redirect back to the app. */
  private static URI decide(
      DashboardBrowser browser, DashboardBrowser.Page consent, String patient, boolean approve) {
    String action = consentAction(consent);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("formToken", formToken(consent));
    form.put("patient", patient);
    form.put("decision", approve ? "approve" : "deny");
    DashboardBrowser.Page decided = browser.postAsIs(action, form, Map.of());
    assertThat(decided.status()).as(decided.body()).isEqualTo(303);
    return URI.create(decided.header("location"));
  }

  private static String consentAction(DashboardBrowser.Page consent) {
    Matcher matcher =
        Pattern.compile("action=\"(/oauth2/authorize/[^\"]+/decision)\"").matcher(consent.body());
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private record Authorised(AuthorizationCode code, CodeVerifier verifier) {}

  /** The whole browser part: the guardian consents to the app reading that child or pregnancy. */
  private static Authorised authorise(
      ClientID app, String guardianSubject, String scope, String patient) throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    DashboardBrowser browser = new DashboardBrowser();
    DashboardBrowser.Page consent =
        toConsentPage(
            browser, authorizationRequest(app, scope, state, verifier, REDIRECT), guardianSubject);
    URI back = decide(browser, consent, patient, true);
    AuthorizationResponse response = AuthorizationResponse.parse(back);
    assertThat(response.indicatesSuccess()).as(back.toString()).isTrue();
    assertThat(response.getState()).isEqualTo(state);
    assertThat(back.toString()).startsWith(REDIRECT + "?");
    return new Authorised(response.toSuccessResponse().getAuthorizationCode(), verifier);
  }

  private static TokenResponse token(ClientID app, AuthorizationGrant grant, Scope scope)
      throws Exception {
    HTTPResponse http =
        (scope == null
                ? new TokenRequest(endpoint("/oauth2/token"), app, grant)
                : new TokenRequest(endpoint("/oauth2/token"), app, grant, scope))
            .toHTTPRequest()
            .send();
    return TokenResponse.parse(http);
  }

  private static AccessTokenResponse redeem(ClientID app, Authorised authorised) throws Exception {
    TokenResponse response =
        token(
            app,
            new AuthorizationCodeGrant(
                authorised.code(), URI.create(REDIRECT), authorised.verifier()),
            null);
    assertThat(response.indicatesSuccess())
        .as(() -> response.toErrorResponse().getErrorObject().toString())
        .isTrue();
    return response.toSuccessResponse();
  }

  private static String refused(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    TokenErrorResponse error = response.toErrorResponse();
    return error.getErrorObject().getCode();
  }

  private static IGenericClient fhir(String accessToken) {
    IGenericClient client = FHIR.newRestfulGenericClient(endpoint("/fhir").toString());
    client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
    return client;
  }

  private static Bundle immunizationsOf(IGenericClient client, UUID patient) {
    return client
        .search()
        .forResource(Immunization.class)
        .where(Immunization.PATIENT.hasId(patient.toString()))
        .returnBundle(Bundle.class)
        .execute();
  }

  @Test
  void theDiscoveryDocumentTellsAppsHowToAuthoriseWithPkceS256() {
    JsonNode configuration = Http.get("/.well-known/smart-configuration", null).json();
    assertThat(configuration.path("authorization_endpoint").asText())
        .isEqualTo(TestService.ISSUER + "/oauth2/authorize");
    assertThat(configuration.path("revocation_endpoint").asText())
        .isEqualTo(TestService.ISSUER + "/oauth2/revoke");
    assertThat(configuration.path("code_challenge_methods_supported").toString())
        .isEqualTo("[\"S256\"]");
    assertThat(configuration.path("scopes_supported").toString())
        .contains(
            "patient/Immunization.rs",
            "patient/Observation.rs",
            "launch/patient",
            "offline_access");
    assertThat(configuration.path("capabilities").toString())
        .contains("launch-standalone", "client-public", "permission-v2", "permission-offline");
    assertThat(configuration.path("grant_types_supported").toString())
        .contains("authorization_code", "refresh_token");
  }

  @Test
  void theDemoListsItsPublicDemoAppWithItsRedirectUri() {
    JsonNode apps = Http.get("/dev/demo", null).json().path("apps");
    assertThat(apps.toString())
        .contains(PhrAppDemoSeeder.CLIENT_ID, PhrAppDemoSeeder.REDIRECT_URI, "public");
  }

  @Test
  void aGuardianLetsAnAppReadHerChildsVaccinationsWhichRefreshesAndRevokesItsAccess()
      throws Exception {
    Personas.VaccinatedInfant infant =
        Personas.infantWithTwoMonthVaccinations(Personas.municipality());
    Personas.FamilyWithInfant family = infant.family();
    ClientID app = publicApp();

    Authorised authorised =
        authorise(app, family.mother().loginSubject(), ALL_SCOPES, "child:" + family.childId());
    AccessTokenResponse tokens = redeem(app, authorised);
    assertThat(tokens.getCustomParameters().get("patient")).isEqualTo(family.childId().toString());
    assertThat(tokens.getTokens().getAccessToken().getLifetime()).isBetween(1L, 600L);
    assertThat(tokens.getTokens().getAccessToken().getScope().toStringList())
        .contains("patient/Immunization.rs", "launch/patient", "offline_access");
    RefreshToken refresh = tokens.getTokens().getRefreshToken();
    assertThat(refresh).isNotNull();

    IGenericClient client = fhir(tokens.getTokens().getAccessToken().getValue());
    Patient patient =
        client.read().resource(Patient.class).withId(family.childId().toString()).execute();
    assertThat(patient.getBirthDate()).isNotNull();
    Bundle vaccinations = immunizationsOf(client, family.childId());
    assertThat(vaccinations.getEntry()).hasSize(4);
    String oneRecord = infant.recordIds().get(0).toString();
    assertThat(client.read().resource(Immunization.class).withId(oneRecord).execute().getIdPart())
        .isEqualTo(oneRecord);
    // Every read is in the access log with the app as the actor.
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_role = 'app' AND actor_id = ?"
                    + " AND subject_id = ? AND outcome = 'allowed'",
                app.getValue(),
                family.childId()))
        .isGreaterThanOrEqualTo(3);

    // Refresh: a new access token and a new refresh token; the old one is spent.
    TokenResponse refreshed = token(app, new RefreshTokenGrant(refresh), null);
    assertThat(refreshed.indicatesSuccess()).isTrue();
    RefreshToken next = refreshed.toSuccessResponse().getTokens().getRefreshToken();
    assertThat(next).isNotNull().isNotEqualTo(refresh);
    String second = refreshed.toSuccessResponse().getTokens().getAccessToken().getValue();
    assertThat(immunizationsOf(fhir(second), family.childId()).getEntry()).hasSize(4);

    // The guardian sees the app in her list and in the consent register's source.
    JsonNode mine = Http.get("/api/v1/me/apps", Tokens.guardian(family.mother())).json();
    JsonNode listed = mine.path("apps").get(0);
    assertThat(listed.path("clientId").asText()).isEqualTo(app.getValue());
    assertThat(listed.path("appName").asText()).isEqualTo("はぐくみ記録");
    assertThat(listed.path("subjectId").asText()).isEqualTo(family.childId().toString());
    assertThat(listed.path("active").asBoolean()).isTrue();
    List<ConsentEntry> consents =
        TestService.bean(PhrAppConsentSource.class).ofGuardian(family.mother().personId());
    assertThat(consents).hasSize(1);
    assertThat(consents.get(0).kind()).isEqualTo("phr-app");
    assertThat(consents.get(0).childIds()).containsExactly(family.childId());
    assertThat(consents.get(0).recordKinds())
        .containsExactly("Immunization", "Observation", "Patient");
    assertThat(consents.get(0).textVersion()).isEqualTo(ConsentTexts.get().version());
    assertThat(consents.get(0).expiresAt()).isAfter(consents.get(0).agreedAt());

    // The app revokes its refresh token (RFC 7009): its access token stops working at once.
    HTTPResponse revoked =
        new TokenRevocationRequest(endpoint("/oauth2/revoke"), app, next).toHTTPRequest().send();
    assertThat(revoked.getStatusCode()).isEqualTo(200);
    assertThatThrownBy(() -> immunizationsOf(fhir(second), family.childId()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(refused(token(app, new RefreshTokenGrant(next), null))).isEqualTo("invalid_grant");
    assertThat(consents.get(0).activeAt(java.time.Instant.now())).isTrue();
    assertThat(
            TestService.bean(PhrAppConsentSource.class)
                .ofGuardian(family.mother().personId())
                .get(0)
                .withdrawnAt())
        .isNotNull();
  }

  @Test
  void theGuardianWithdrawsAnAppAndItsNextRequestIsRefusedAtOnce() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    ClientID app = publicApp();
    AccessTokenResponse tokens =
        redeem(
            app,
            authorise(
                app, family.mother().loginSubject(), ALL_SCOPES, "child:" + family.childId()));
    IGenericClient client = fhir(tokens.getTokens().getAccessToken().getValue());
    assertThat(immunizationsOf(client, family.childId()).getEntry()).isEmpty();

    String guardian = Tokens.guardian(family.mother());
    String grant =
        Http.get("/api/v1/me/apps", guardian).json().path("apps").get(0).path("id").asText();
    assertThat(Http.send("DELETE", "/api/v1/me/apps/" + grant, guardian, null, null).status())
        .isEqualTo(204);

    assertThatThrownBy(() -> immunizationsOf(client, family.childId()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(
            refused(token(app, new RefreshTokenGrant(tokens.getTokens().getRefreshToken()), null)))
        .isEqualTo("invalid_grant");
    JsonNode listed = Http.get("/api/v1/me/apps", guardian).json().path("apps").get(0);
    assertThat(listed.path("active").asBoolean()).isFalse();
    assertThat(listed.path("withdrawnReason").asText()).isEqualTo("guardian");
    // Another guardian cannot withdraw it, nor see it.
    Personas.FamilyWithInfant other = Personas.familyWithInfant(Personas.municipality());
    Http.Response foreign =
        Http.send(
            "DELETE", "/api/v1/me/apps/" + grant, Tokens.guardian(other.mother()), null, null);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().path("code").asText()).isEqualTo("SKY-6503");
  }

  @Test
  void theAppReadsOnlyTheConsentedChildAndOnlyTheConsentedKindsOfRecords() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    UUID sibling = Personas.siblingOf(family);
    // Of the same municipality: another municipality's child does not exist for the app.
    Personas.FamilyWithInfant stranger = Personas.familyWithInfant(family.mother().municipality());
    ClientID app = publicApp();
    AccessTokenResponse tokens =
        redeem(
            app,
            authorise(
                app,
                family.mother().loginSubject(),
                "launch/patient patient/Immunization.rs",
                "child:" + family.childId()));
    String access = tokens.getTokens().getAccessToken().getValue();
    IGenericClient client = fhir(access);
    assertThat(immunizationsOf(client, family.childId()).getEntry()).isEmpty();

    // Another child of the same family, another family's child, the mother herself: refused.
    for (UUID other : List.of(sibling, stranger.childId(), family.mother().personId())) {
      assertThatThrownBy(() -> immunizationsOf(client, other))
          .isInstanceOf(ForbiddenOperationException.class);
    }
    // Kinds of records not consented to: refused, also for the consented child.
    assertThatThrownBy(
            () ->
                client
                    .search()
                    .forResource(Observation.class)
                    .where(Observation.PATIENT.hasId(family.childId().toString()))
                    .returnBundle(Bundle.class)
                    .execute())
        .isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(
            () ->
                client.read().resource(Patient.class).withId(family.childId().toString()).execute())
        .isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(
            () ->
                client
                    .search()
                    .forResource(Encounter.class)
                    .where(Encounter.PATIENT.hasId(family.childId().toString()))
                    .returnBundle(Bundle.class)
                    .execute())
        .isInstanceOf(ForbiddenOperationException.class);
    // Nothing but FHIR reads: not the guardian's API, not a write.
    Http.Response handbook = Http.get("/api/v1/me", access);
    assertThat(handbook.status()).isEqualTo(403);
    assertThat(handbook.json().path("code").asText()).isEqualTo("SKY-6502");
    Immunization abroad = new Immunization();
    abroad.getPatient().setReference("Patient/" + family.childId());
    assertThatThrownBy(() -> client.create().resource(abroad).execute())
        .isInstanceOf(BaseServerResponseException.class)
        .satisfies(
            e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(403));
    // The refusals are in the access log too, with the app as the actor.
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_role = 'app' AND actor_id = ?"
                    + " AND outcome = 'denied'",
                app.getValue()))
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void aMotherLetsAnAppReadHerPregnancysRecords() throws Exception {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());
    ClientID app = publicApp();
    AccessTokenResponse tokens =
        redeem(
            app,
            authorise(
                app,
                mother.loginSubject(),
                "launch/patient patient/Patient.rs patient/Observation.rs",
                "pregnancy:" + mother.pregnancyId()));
    assertThat(tokens.getCustomParameters().get("patient")).isEqualTo(mother.personId().toString());
    assertThat(tokens.getTokens().getRefreshToken()).as("no offline_access asked").isNull();
    IGenericClient client = fhir(tokens.getTokens().getAccessToken().getValue());
    assertThat(
            client
                .read()
                .resource(Patient.class)
                .withId(mother.personId().toString())
                .execute()
                .getIdPart())
        .isEqualTo(mother.personId().toString());
    Bundle observations =
        client
            .search()
            .forResource(Observation.class)
            .where(Observation.PATIENT.hasId(mother.personId().toString()))
            .returnBundle(Bundle.class)
            .execute();
    assertThat(observations.getTotal()).isZero();
  }

  @Test
  void aRedirectUriNotRegisteredExactlyGetsAnErrorPageAndNoRedirect() throws Exception {
    ClientID app = publicApp();
    DashboardBrowser browser = new DashboardBrowser();
    for (String wrong :
        List.of(
            "https://evil.example/callback",
            REDIRECT + "/",
            REDIRECT + "?next=x",
            "https://PHR.example.jp/callback")) {
      DashboardBrowser.Page page =
          browser.get(
              pathOf(
                  authorizationRequest(app, ALL_SCOPES, new State(), new CodeVerifier(), wrong)));
      assertThat(page.status()).isEqualTo(400);
      assertThat(page.header("location")).isNull();
      assertThat(page.body()).contains("SKY-6504");
    }
    DashboardBrowser.Page unknown =
        browser.get(
            pathOf(
                authorizationRequest(
                    new ClientID("no-such-app"),
                    ALL_SCOPES,
                    new State(),
                    new CodeVerifier(),
                    REDIRECT)));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.header("location")).isNull();
  }

  @Test
  void pkceIsRequiredAndOnlyWithS256() throws Exception {
    ClientID app = publicApp();
    DashboardBrowser browser = new DashboardBrowser();
    // No challenge at all.
    URI withoutPkce = authorizationRequest(app, ALL_SCOPES, new State(), null, REDIRECT);
    AuthorizationResponse noPkce =
        AuthorizationResponse.parse(
            URI.create(browser.get(pathOf(withoutPkce)).header("location")));
    assertThat(noPkce.indicatesSuccess()).isFalse();
    assertThat(noPkce.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
    // The plain method.
    CodeVerifier verifier = new CodeVerifier();
    URI plain =
        new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), app)
            .endpointURI(endpoint("/oauth2/authorize"))
            .redirectionURI(URI.create(REDIRECT))
            .scope(Scope.parse(ALL_SCOPES))
            .state(new State())
            .codeChallenge(verifier, CodeChallengeMethod.PLAIN)
            .build()
            .toURI();
    DashboardBrowser.Page plainAnswer = browser.get(pathOf(plain));
    assertThat(plainAnswer.status()).isEqualTo(303);
    AuthorizationResponse plainRefused =
        AuthorizationResponse.parse(URI.create(plainAnswer.header("location")));
    assertThat(plainRefused.indicatesSuccess()).isFalse();
    assertThat(plainRefused.toErrorResponse().getErrorObject().getDescription()).contains("S256");

    // A code with a challenge: redeemed without the verifier, or with another, it is refused.
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    Authorised authorised =
        authorise(app, family.mother().loginSubject(), ALL_SCOPES, "child:" + family.childId());
    assertThat(
            refused(
                token(
                    app,
                    new AuthorizationCodeGrant(authorised.code(), URI.create(REDIRECT)),
                    null)))
        .isEqualTo("invalid_grant");
    assertThat(
            refused(
                token(
                    app,
                    new AuthorizationCodeGrant(
                        authorised.code(), URI.create(REDIRECT), new CodeVerifier()),
                    null)))
        .isEqualTo("invalid_grant");
    // With another registered redirect URI than the authorization's: refused as well.
    assertThat(
            refused(
                token(
                    app,
                    new AuthorizationCodeGrant(
                        authorised.code(),
                        URI.create("com.example.phr:/callback"),
                        authorised.verifier()),
                    null)))
        .isEqualTo("invalid_grant");
    // The right verifier still works: the failed attempts did not spend the code.
    assertThat(redeem(app, authorised).getTokens().getAccessToken()).isNotNull();
  }

  @Test
  void aCodeUsedTwiceIsRefusedAndWithdrawsWhatTheFirstUseGave() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    ClientID app = publicApp();
    Authorised authorised =
        authorise(app, family.mother().loginSubject(), ALL_SCOPES, "child:" + family.childId());
    AccessTokenResponse first = redeem(app, authorised);
    TokenResponse again =
        token(
            app,
            new AuthorizationCodeGrant(
                authorised.code(), URI.create(REDIRECT), authorised.verifier()),
            null);
    assertThat(refused(again)).isEqualTo("invalid_grant");
    assertThatThrownBy(
            () ->
                immunizationsOf(
                    fhir(first.getTokens().getAccessToken().getValue()), family.childId()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(
            Db.text(
                "SELECT withdrawn_reason FROM phr_app_grant WHERE client_id = ?", app.getValue()))
        .isEqualTo("code-reused");
  }

  @Test
  void anotherAppCannotRedeemTheCode() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    ClientID app = publicApp();
    ClientID thief = publicApp();
    Authorised authorised =
        authorise(app, family.mother().loginSubject(), ALL_SCOPES, "child:" + family.childId());
    assertThat(
            refused(
                token(
                    thief,
                    new AuthorizationCodeGrant(
                        authorised.code(), URI.create(REDIRECT), authorised.verifier()),
                    null)))
        .isEqualTo("invalid_grant");
  }

  @Test
  void aRefreshCannotWidenTheScopeAndAReusedRefreshTokenWithdrawsTheGrant() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    ClientID app = publicApp();
    AccessTokenResponse tokens =
        redeem(
            app,
            authorise(
                app,
                family.mother().loginSubject(),
                "launch/patient offline_access patient/Immunization.rs",
                "child:" + family.childId()));
    RefreshToken first = tokens.getTokens().getRefreshToken();
    // Escalation: a kind of records the guardian did not consent to.
    assertThat(
            refused(
                token(
                    app,
                    new RefreshTokenGrant(first),
                    Scope.parse("patient/Immunization.rs patient/Observation.rs"))))
        .isEqualTo("invalid_scope");
    // Narrowing is fine, and the refused attempt did not spend the token.
    TokenResponse narrowed =
        token(app, new RefreshTokenGrant(first), Scope.parse("patient/Immunization.rs"));
    assertThat(narrowed.indicatesSuccess()).isTrue();
    assertThat(narrowed.toSuccessResponse().getTokens().getAccessToken().getScope().toStringList())
        .containsExactly("patient/Immunization.rs");
    RefreshToken second = narrowed.toSuccessResponse().getTokens().getRefreshToken();
    String access = narrowed.toSuccessResponse().getTokens().getAccessToken().getValue();

    // The first refresh token comes back (a copy was stolen): the grant ends for everyone.
    assertThat(refused(token(app, new RefreshTokenGrant(first), null))).isEqualTo("invalid_grant");
    assertThat(refused(token(app, new RefreshTokenGrant(second), null))).isEqualTo("invalid_grant");
    assertThatThrownBy(() -> immunizationsOf(fhir(access), family.childId()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(
            Db.text(
                "SELECT withdrawn_reason FROM phr_app_grant WHERE client_id = ?", app.getValue()))
        .isEqualTo("refresh-token-reused");
  }

  @Test
  void anAppAsksOnlyForScopesItWasRegisteredFor() throws Exception {
    String clientId = "phr-" + UUID.randomUUID();
    TestService.bean(PhrApps.class)
        .register(
            new PhrApps.Registration(
                clientId,
                "予防接種だけのアプリ",
                List.of(REDIRECT),
                false,
                Set.of("launch/patient", "patient/Immunization.rs")));
    DashboardBrowser.Page answer =
        new DashboardBrowser()
            .get(
                pathOf(
                    authorizationRequest(
                        new ClientID(clientId),
                        "launch/patient patient/Immunization.rs patient/Observation.rs",
                        new State(),
                        new CodeVerifier(),
                        REDIRECT)));
    AuthorizationResponse refused =
        AuthorizationResponse.parse(URI.create(answer.header("location")));
    assertThat(refused.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");
  }

  @Test
  void aConfidentialAppProvesItsSecret() throws Exception {
    String clientId = "phr-" + UUID.randomUUID();
    String secret =
        TestService.bean(PhrApps.class)
            .register(
                new PhrApps.Registration(
                    clientId, "病院連携アプリ", List.of(REDIRECT), true, Set.copyOf(AppScopes.SUPPORTED)));
    assertThat(Db.text("SELECT secret_sha256 FROM phr_app WHERE client_id = ?", clientId))
        .isNotEqualTo(secret)
        .hasSize(64);
    ClientID app = new ClientID(clientId);
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    Authorised authorised =
        authorise(app, family.mother().loginSubject(), ALL_SCOPES, "child:" + family.childId());
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(authorised.code(), URI.create(REDIRECT), authorised.verifier());
    // As a public client (no secret), or with a wrong one: invalid_client.
    assertThat(refused(token(app, grant, null))).isEqualTo("invalid_client");
    TokenResponse wrong =
        TokenResponse.parse(
            new TokenRequest(
                    endpoint("/oauth2/token"),
                    new ClientSecretBasic(app, new Secret("not-the-secret")),
                    grant)
                .toHTTPRequest()
                .send());
    assertThat(refused(wrong)).isEqualTo("invalid_client");
    TokenResponse right =
        TokenResponse.parse(
            new TokenRequest(
                    endpoint("/oauth2/token"),
                    new ClientSecretBasic(app, new Secret(secret)),
                    grant)
                .toHTTPRequest()
                .send());
    assertThat(right.indicatesSuccess()).isTrue();
  }

  @Test
  void theConsentPageSaysWhoWhatAndHowLongInJapaneseAndEnglishAndADenialGoesBackToTheApp()
      throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    UUID sibling = Personas.siblingOf(family);
    ClientID app = publicApp();
    State state = new State();
    DashboardBrowser browser = new DashboardBrowser();
    DashboardBrowser.Page consent =
        toConsentPage(
            browser,
            authorizationRequest(app, ALL_SCOPES, state, new CodeVerifier(), REDIRECT),
            family.mother().loginSubject());
    assertThat(consent.header("x-frame-options")).isEqualTo("DENY");
    assertThat(consent.header("cache-control")).isEqualTo("no-store");
    assertThat(consent.body())
        .contains(
            "「はぐくみ記録」",
            "child:" + family.childId(),
            "child:" + sibling,
            "pregnancy:" + family.mother().pregnancyId(),
            "予防接種の記録",
            "健診の結果",
            "まで",
            "いつでも取り消せます");
    String action = consentAction(consent);
    String page = action.substring(0, action.length() - "/decision".length());
    DashboardBrowser.Page english = browser.get(page + "?lang=en");
    assertThat(english.body())
        .contains("lang=\"en\"", "Vaccinations", "Checkup results", "Until ", "withdraw");

    // A form posted from elsewhere (another browser, without the page's token): refused.
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("formToken", formToken(consent));
    forged.put("patient", "child:" + family.childId());
    forged.put("decision", "approve");
    DashboardBrowser.Page elsewhere = new DashboardBrowser().postAsIs(action, forged, Map.of());
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.header("location")).isNull();
    forged.put("formToken", "x".repeat(43));
    assertThat(browser.postAsIs(action, forged, Map.of()).status()).isEqualTo(400);

    // Another guardian's child cannot be chosen.
    DashboardBrowser again = new DashboardBrowser();
    DashboardBrowser.Page second =
        toConsentPage(
            again,
            authorizationRequest(app, ALL_SCOPES, new State(), new CodeVerifier(), REDIRECT),
            family.mother().loginSubject());
    Personas.FamilyWithInfant stranger = Personas.familyWithInfant(Personas.municipality());
    Map<String, String> foreignChild = new LinkedHashMap<>();
    foreignChild.put("formToken", formToken(second));
    foreignChild.put("patient", "child:" + stranger.childId());
    foreignChild.put("decision", "approve");
    assertThat(again.postAsIs(consentAction(second), foreignChild, Map.of()).status())
        .isEqualTo(400);
    assertThat(Db.count("SELECT count(*) FROM phr_app_grant WHERE client_id = ?", app.getValue()))
        .isZero();

    // The guardian says no: the app hears access_denied with its state, and nothing is stored.
    DashboardBrowser third = new DashboardBrowser();
    State thirdState = new State();
    DashboardBrowser.Page deny =
        toConsentPage(
            third,
            authorizationRequest(app, ALL_SCOPES, thirdState, new CodeVerifier(), REDIRECT),
            family.mother().loginSubject());
    AuthorizationResponse denied =
        AuthorizationResponse.parse(decide(third, deny, "child:" + family.childId(), false));
    assertThat(denied.indicatesSuccess()).isFalse();
    assertThat(denied.toErrorResponse().getErrorObject().getCode()).isEqualTo("access_denied");
    assertThat(denied.getState()).isEqualTo(thirdState);
    assertThat(Db.count("SELECT count(*) FROM phr_app_grant WHERE client_id = ?", app.getValue()))
        .isZero();
  }

  @Test
  void anAppTokenIsNoGuardianToken() {
    Http.Response demo = Http.postJson("/dev/token", null, "{\"role\":\"app\",\"subject\":\"x\"}");
    assertThat(demo.status()).isEqualTo(400);
  }

  /** The guardian at the residents' provider: logs in as {@code subject}, is sent back. */
  private static String atTheProvider(String authorizeUrl, String subject) throws Exception {
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(
                            authorizeUrl
                                + "&login_hint="
                                + java.net.URLEncoder.encode(
                                    subject, java.nio.charset.StandardCharsets.UTF_8)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(302);
    URI back = URI.create(answer.headers().firstValue("location").orElseThrow());
    assertThat(back.toString())
        .startsWith(TestService.ISSUER + "/oauth2/authorize/login/callback?");
    return pathOf(back);
  }

  @Test
  void theGuardianLogsInAtTheResidentsProviderAsInTheApp() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    ClientID app = publicApp();
    CodeVerifier verifier = new CodeVerifier();
    DashboardBrowser browser = new DashboardBrowser();
    String page =
        browser
            .get(pathOf(authorizationRequest(app, ALL_SCOPES, new State(), verifier, REDIRECT)))
            .header("location");
    DashboardBrowser.Page login = browser.get(page);
    assertThat(login.body()).contains("テスト市 住民ログイン でログイン", page + "/login/citizens");
    DashboardBrowser.Page toProvider = browser.get(page + "/login/citizens");
    assertThat(toProvider.status()).isEqualTo(303);
    assertThat(toProvider.header("location"))
        .contains("client_id=sukoyaka-app", "code_challenge_method=S256", "nonce=");
    String callback = atTheProvider(toProvider.header("location"), family.mother().loginSubject());

    // The provider's answer is this browser's: another browser gets nowhere with it.
    assertThat(new DashboardBrowser().get(callback).status()).isEqualTo(400);
    DashboardBrowser.Page back = browser.get(callback);
    assertThat(back.status()).as(back.body()).isEqualTo(303);
    assertThat(back.header("location")).isEqualTo(page);
    DashboardBrowser.Page consent = browser.get(page);
    assertThat(consent.body()).contains("child:" + family.childId());
    AuthorizationResponse response =
        AuthorizationResponse.parse(decide(browser, consent, "child:" + family.childId(), true));
    assertThat(
            redeem(
                    app,
                    new Authorised(response.toSuccessResponse().getAuthorizationCode(), verifier))
                .getCustomParameters()
                .get("patient"))
        .isEqualTo(family.childId().toString());
    // The state of that login is used up.
    assertThat(browser.get(callback).status()).isEqualTo(400);
  }

  @Test
  void someoneWithoutAHandbookCannotConsentToAnything() throws Exception {
    ClientID app = publicApp();
    DashboardBrowser browser = new DashboardBrowser();
    String page =
        browser
            .get(
                pathOf(
                    authorizationRequest(
                        app, ALL_SCOPES, new State(), new CodeVerifier(), REDIRECT)))
            .header("location");
    DashboardBrowser.Page toProvider = browser.get(page + "/login/citizens");
    String callback = atTheProvider(toProvider.header("location"), Personas.newResidentSubject());
    DashboardBrowser.Page refused = browser.get(callback);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("SKY-6506");
  }

  @Test
  void aRefreshTokenUnusedTooLongExpiresWithoutEndingTheConsent() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    ClientID app = publicApp();
    AccessTokenResponse tokens =
        redeem(
            app,
            authorise(
                app,
                family.mother().loginSubject(),
                "launch/patient offline_access patient/Immunization.rs",
                "child:" + family.childId()));
    RefreshToken refresh = tokens.getTokens().getRefreshToken();
    String ofTheApp =
        " FROM phr_app_refresh_token WHERE grant_id IN"
            + " (SELECT id FROM phr_app_grant WHERE client_id = ?)";
    // Bounded by the idle lifetime (30 days), well before the consent's end (365 days).
    assertThat(Db.text("SELECT (expires_at - issued_at)::text" + ofTheApp, app.getValue()))
        .isEqualTo("30 days");

    // Left unused past its idle end.
    Db.update(
        "UPDATE phr_app_refresh_token SET expires_at = now() - interval '1 second'"
            + " WHERE grant_id IN (SELECT id FROM phr_app_grant WHERE client_id = ?)",
        app.getValue());
    TokenResponse response = token(app, new RefreshTokenGrant(refresh), null);

    assertThat(refused(response)).isEqualTo("invalid_grant");
    assertThat(response.toErrorResponse().getErrorObject().getDescription()).contains("expired");
    // Not a theft: the consent stands; the app asks the guardian again.
    assertThat(
            Db.text(
                "SELECT coalesce(withdrawn_reason, 'standing') FROM phr_app_grant"
                    + " WHERE client_id = ?",
                app.getValue()))
        .isEqualTo("standing");
  }
}
