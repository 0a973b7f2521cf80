package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.phr.consent.ConsentEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;

class ConsentResourcesTest {
  private static final UUID GUARDIAN = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID CHILD = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final UUID PREGNANCY = UUID.fromString("00000000-0000-0000-0000-000000000003");
  private static final Instant AGREED = Instant.parse("2026-10-01T01:00:00Z");

  private static ConsentEntry sharing(Instant expires, Instant withdrawn) {
    return new ConsentEntry(
        "family-sharing",
        "4b1c7a52-93d2-4d89-8f5a-0f2d2b7b9e11",
        "鈴木 健太",
        List.of(CHILD),
        List.of(PREGNANCY),
        List.of("Immunization", "Observation"),
        "2026-11",
        AGREED,
        expires,
        withdrawn);
  }

  @Test
  void aConsentThatHoldsIsAnActivePrivacyConsentOfTheGuardianUnderItsTextVersion() {
    Consent consent =
        ConsentResources.consent(
            sharing(null, null), GUARDIAN, "鈴木 優子", Instant.parse("2026-11-01T00:00:00Z"));

    assertThat(consent.getIdElement().getIdPart())
        .isEqualTo("family-sharing.4b1c7a52-93d2-4d89-8f5a-0f2d2b7b9e11");
    assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
    assertThat(consent.getScope().getCodingFirstRep().getCode()).isEqualTo("patient-privacy");
    assertThat(consent.getCategoryFirstRep().getCoding())
        .extracting(c -> c.getSystem() + "|" + c.getCode())
        .containsExactly(
            "http://loinc.org|59284-0", ConsentResources.KIND_SYSTEM + "|family-sharing");
    assertThat(consent.getPatient().getReference()).isEqualTo("Patient/" + GUARDIAN);
    assertThat(consent.getPerformerFirstRep().getReference()).isEqualTo("Patient/" + GUARDIAN);
    assertThat(consent.getDateTime().toInstant()).isEqualTo(AGREED);
    assertThat(consent.getPolicyFirstRep().getUri())
        .isEqualTo("https://sukoyaka.app/fhir/consent-texts/family-sharing/2026-11");
    Consent.ProvisionComponent provision = consent.getProvision();
    assertThat(provision.getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);
    assertThat(provision.getPeriod().getStart().toInstant()).isEqualTo(AGREED);
    assertThat(provision.getPeriod().hasEnd()).isFalse();
    assertThat(provision.getActorFirstRep().getRole().getCodingFirstRep().getCode())
        .isEqualTo("IRCP");
    assertThat(provision.getActorFirstRep().getReference().getDisplay()).isEqualTo("鈴木 健太");
    assertThat(provision.getClass_())
        .extracting(c -> c.getCode())
        .containsExactly("Immunization", "Observation");
    assertThat(provision.getData()).hasSize(2);
    assertThat(provision.getData().get(0).getReference().getReference())
        .isEqualTo("Patient/" + CHILD);
    assertThat(provision.getData().get(1).getReference().getIdentifier().getValue())
        .isEqualTo(PREGNANCY.toString());
  }

  @Test
  void aWithdrawnConsentIsInactiveAndItsPeriodEndsAtTheWithdrawal() {
    Instant withdrawn = Instant.parse("2026-10-20T03:00:00Z");

    Consent consent =
        ConsentResources.consent(
            sharing(Instant.parse("2027-01-01T00:00:00Z"), withdrawn),
            GUARDIAN,
            "鈴木 優子",
            Instant.parse("2026-11-01T00:00:00Z"));

    assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
    assertThat(consent.getProvision().getPeriod().getEnd().toInstant()).isEqualTo(withdrawn);
  }

  @Test
  void aConsentPastItsEndIsInactiveAndItsPeriodEndsThen() {
    Instant end = Instant.parse("2026-10-15T00:00:00Z");

    Consent consent =
        ConsentResources.consent(
            sharing(end, null), GUARDIAN, "鈴木 優子", Instant.parse("2026-11-01T00:00:00Z"));

    assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
    assertThat(consent.getProvision().getPeriod().getEnd().toInstant()).isEqualTo(end);
  }

  @Test
  void anIdThatIsNoFhirIdBecomesAStableUuid() {
    ConsentEntry entry =
        new ConsentEntry(
            "phr-app",
            "client with spaces and a very long name that goes on and on and on",
            "App",
            List.of(),
            List.of(),
            List.of(),
            "1",
            AGREED,
            null,
            null);

    assertThat(ConsentResources.fhirId(entry))
        .isEqualTo(ConsentResources.fhirId(entry))
        .matches("[0-9a-f-]{36}");
  }
}
