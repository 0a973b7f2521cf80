package app.sukoyaka.phr.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppRegistrationTest {

  private static PhrApps.Registration app(String redirect, Set<String> scopes) {
    return new PhrApps.Registration("example-phr", "Example", List.of(redirect), false, scopes);
  }

  @Test
  void httpsLoopbackAndReverseDomainRedirectUrisAreAccepted() {
    for (String uri :
        List.of(
            "https://phr.example.jp/callback",
            "http://127.0.0.1:8765/callback",
            "com.example.phr:/callback")) {
      PhrApps.validate(app(uri, Set.of("patient/Immunization.rs")));
    }
  }

  @Test
  void plainHttpFragmentsRelativeAndBareSchemesAreRefused() {
    for (String uri :
        List.of(
            "http://phr.example.jp/callback",
            "https://phr.example.jp/callback#x",
            "/callback",
            "myapp:/callback")) {
      assertThatThrownBy(() -> PhrApps.validate(app(uri, Set.of("patient/Immunization.rs"))))
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void onlySupportedScopesAndAtLeastOneKindOfRecords() {
    assertThatThrownBy(() -> PhrApps.validate(app("https://a.example/cb", Set.of("patient/*.rs"))))
        .hasMessageContaining("patient/*.rs");
    assertThatThrownBy(
            () -> PhrApps.validate(app("https://a.example/cb", Set.of("launch/patient"))))
        .hasMessageContaining("patient/");
  }

  @Test
  void theConsentNamesTheKindsOfRecordsTheScopesReach() {
    assertThat(
            AppScopes.recordKinds(
                Set.of("patient/Observation.rs", "offline_access", "patient/Immunization.rs")))
        .containsExactly("Immunization", "Observation");
    assertThat(
            AppScopes.notAllowed(
                Set.of("patient/Observation.rs"), Set.of("patient/Immunization.rs")))
        .contains("patient/Observation.rs");
  }

  @Test
  void theConsentPageIsInJapaneseAndEnglishWithTheSameWords() {
    ConsentTexts texts = ConsentTexts.get();
    assertThat(texts.version()).isNotBlank();
    assertThat(texts.of("en").keySet()).isEqualTo(texts.of("ja").keySet());
    assertThat(ConsentTexts.language("en-US ja", null)).isEqualTo("en");
    assertThat(ConsentTexts.language(null, "ja,en;q=0.8")).isEqualTo("ja");
    assertThat(ConsentTexts.language(null, "fr")).isEqualTo("ja");
  }

  @Test
  void pkceS256IsTheRfc7636Example() {
    assertThat(Secrets.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(Secrets.validVerifier("short")).isFalse();
  }
}
