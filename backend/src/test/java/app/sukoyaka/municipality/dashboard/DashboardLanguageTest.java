package app.sukoyaka.municipality.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardLanguageTest {

  @Test
  void theBrowsersFirstPreferenceAmongJapaneseAndEnglishDecides() {
    assertThat(DashboardLanguage.fromHeader("en-US,en;q=0.9,ja;q=0.8")).isEqualTo("en");
    assertThat(DashboardLanguage.fromHeader("ja,en-US;q=0.9")).isEqualTo("ja");
    assertThat(DashboardLanguage.fromHeader("fr-FR,en;q=0.5,ja;q=0.7")).isEqualTo("ja");
  }

  @Test
  void aBrowserNamingNeitherGetsJapanese() {
    assertThat(DashboardLanguage.fromHeader("fr,de")).isEqualTo("ja");
    assertThat(DashboardLanguage.fromHeader(null)).isEqualTo("ja");
    assertThat(DashboardLanguage.fromHeader("en;q=abc")).isEqualTo("en");
  }

  @Test
  void aPageAfterLoginStaysOnTheDashboard() {
    assertThat(LoginController.safeNext("/dashboard/lists/epds-high?workStatus=open"))
        .isEqualTo("/dashboard/lists/epds-high?workStatus=open");
    assertThat(LoginController.safeNext("https://evil.example/")).isEqualTo("/dashboard");
    assertThat(LoginController.safeNext("//evil.example/dashboard")).isEqualTo("/dashboard");
    assertThat(LoginController.safeNext("/dashboard//evil.example")).isEqualTo("/dashboard");
    assertThat(LoginController.safeNext("/dashboardx")).isEqualTo("/dashboard");
    assertThat(LoginController.safeNext("/dashboard/login/demo")).isEqualTo("/dashboard");
    assertThat(LoginController.safeNext("/dashboard\r\nSet-Cookie: x")).isEqualTo("/dashboard");
  }
}
