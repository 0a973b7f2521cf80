package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.security.IdentityProviderConfiguration;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.SecurityConfiguration;
import app.sukoyaka.testing.TestIdentityProvider;
import app.sukoyaka.testing.TestService;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed settings bind from configuration, with the documented defaults. */
class ConfigurationIT {

  @Test
  void securitySettingsHaveTheirDefaultsAndTheConfiguredIssuer() {
    SecurityConfiguration security = TestService.bean(SecurityConfiguration.class);

    assertThat(security.issuer()).isEqualTo(TestService.ISSUER);
    assertThat(security.tokenEndpoint()).isEqualTo(TestService.ISSUER + "/oauth2/token");
    assertThat(security.audience()).isEqualTo("sukoyaka-api");
    assertThat(security.clinicTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(security.userTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(security.keyRotationInterval()).isEqualTo(Duration.ofDays(30));
    assertThat(security.assertionMaxLifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(security.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(security.keyEncryptionKey()).isEqualTo(TestService.KEY_ENCRYPTION_KEY);
  }

  @Test
  void eachIdentityProviderBindsWithItsNameAndRole() {
    ApplicationContext context = TestService.server().getApplicationContext();
    List<IdentityProviderConfiguration> providers =
        context.getBeansOfType(IdentityProviderConfiguration.class).stream()
            .sorted(Comparator.comparing(IdentityProviderConfiguration::name))
            .toList();

    assertThat(providers)
        .extracting(IdentityProviderConfiguration::name)
        .containsExactly("citizens", "city-staff");
    assertThat(providers.get(0).issuer()).isEqualTo(TestIdentityProvider.CITIZENS_ISSUER);
    assertThat(providers.get(0).role()).isEqualTo(Role.GUARDIAN);
    assertThat(providers.get(1).role()).isEqualTo(Role.STAFF);
  }

  @Test
  void theServiceSettingsNameTheDataDirectoryAndDemoMode() {
    SukoyakaConfiguration service = TestService.bean(SukoyakaConfiguration.class);

    assertThat(service.demo()).isTrue();
    assertThat(service.dataDir().toString()).endsWith(".sukoyaka");
  }
}
