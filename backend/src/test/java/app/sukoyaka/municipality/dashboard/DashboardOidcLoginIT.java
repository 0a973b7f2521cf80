package app.sukoyaka.municipality.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestIdentityProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Staff logging in to the dashboard at their municipality's OpenID Connect provider (the test's, on
 * loopback): the authorization code flow with PKCE, state and nonce, through to a session.
 */
class DashboardOidcLoginIT {
  private static final HttpClient IDP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** The user at the provider: logs in as {@code subject} and is sent back with a code. */
  private static String atTheProvider(String authorizeUrl, String subject) throws Exception {
    HttpResponse<String> answer =
        IDP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        authorizeUrl
                            + "&login_hint="
                            + URLEncoder.encode(subject, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(302);
    URI back = URI.create(answer.headers().firstValue("location").orElseThrow());
    // The provider sends the browser to the service's public address; the test's service is here.
    assertThat(back.getPath()).isEqualTo("/dashboard/login/callback");
    return back.getRawPath() + "?" + back.getRawQuery();
  }

  private static String parameter(String pathAndQuery, String name) {
    for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " not in " + pathAndQuery);
  }

  private static String start(DashboardBrowser browser, String next) {
    DashboardBrowser.Page login = browser.get("/dashboard/login?next=" + next);
    assertThat(login.body()).contains("テスト市 職員認証 でログイン", "/dashboard/login/oidc/city-staff?next=");
    DashboardBrowser.Page redirect = browser.get("/dashboard/login/oidc/city-staff?next=" + next);
    assertThat(redirect.status()).isEqualTo(303);
    String location = redirect.header("location");
    assertThat(location)
        .startsWith(TestIdentityProvider.get().baseUrl() + "/authorize?")
        .contains(
            "response_type=code",
            "client_id=" + TestIdentityProvider.STAFF_AUDIENCE,
            "code_challenge_method=S256",
            "scope=openid",
            "redirect_uri=https%3A%2F%2Fsukoyaka.test%2Fdashboard%2Flogin%2Fcallback");
    return location;
  }

  @Test
  void staffLogInAtTheirMunicipalitysProviderAndLandOnThePageTheyAskedFor() throws Exception {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());
    DashboardBrowser browser = new DashboardBrowser();
    String callback = atTheProvider(start(browser, "/dashboard/work-lists"), staff.subject());
    DashboardBrowser.Page landed = browser.get(callback);
    assertThat(landed.status()).isEqualTo(303);
    assertThat(landed.header("location")).isEqualTo("/dashboard/work-lists");
    assertThat(browser.setCookie("__Secure-sukoyaka-dashboard"))
        .contains("HTTPOnly", "SameSite=Strict", "Secure");
    assertThat(browser.get("/dashboard/work-lists").status()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM staff_session WHERE staff_subject = ?"
                    + " AND login_method = 'oidc' AND identity_provider = 'city-staff'",
                staff.subject()))
        .isEqualTo(1);

    // The same answer of the provider a second time finds its state used up.
    DashboardBrowser again = new DashboardBrowser();
    DashboardBrowser.Page replayed = again.get(callback);
    assertThat(replayed.status()).isEqualTo(400);
    assertThat(replayed.body()).contains("SKY-5908");
  }

  @Test
  void aCodeIssuedForAnotherLoginIsRefusedByItsPkceVerifier() throws Exception {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());
    DashboardBrowser victim = new DashboardBrowser();
    String theirs = atTheProvider(start(victim, "/dashboard"), staff.subject());
    DashboardBrowser attacker = new DashboardBrowser();
    String ours = atTheProvider(start(attacker, "/dashboard"), staff.subject());
    // The victim's code with the attacker's state: the verifier kept for that state does not
    // match the code's challenge, and the provider refuses it.
    String swapped =
        "/dashboard/login/callback?code="
            + parameter(theirs, "code")
            + "&state="
            + parameter(ours, "state");
    DashboardBrowser.Page refused = attacker.get(swapped);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).contains("SKY-5907");
  }

  @Test
  void anIdTokenWithoutThisLoginsNonceIsRefused() throws Exception {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());
    DashboardBrowser browser = new DashboardBrowser();
    String authorize = start(browser, "/dashboard").replaceAll("nonce=[^&]+", "nonce=someone-else");
    DashboardBrowser.Page refused = browser.get(atTheProvider(authorize, staff.subject()));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).contains("SKY-5907", "nonce");
    assertThat(browser.cookies()).doesNotContainKey("__Secure-sukoyaka-dashboard");
  }

  @Test
  void aLoginWithNoStaffAccountHereIsRefused() throws Exception {
    DashboardBrowser browser = new DashboardBrowser();
    DashboardBrowser.Page refused =
        browser.get(atTheProvider(start(browser, "/dashboard"), "someone-not-on-staff"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).contains("SKY-5907");
  }

  @Test
  void theProviderSayingNoIsNoLogin() {
    DashboardBrowser browser = new DashboardBrowser();
    DashboardBrowser.Page refused =
        browser.get("/dashboard/login/callback?error=access_denied&state=x");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(browser.get("/dashboard/login/oidc/nobody").status()).isEqualTo(401);
  }
}
