package app.sukoyaka.family.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class InvitationCodesTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void aCodeIsTwelveUnambiguousCharactersInThreeGroups() {
    for (int i = 0; i < 200; i++) {
      String shown = InvitationCodes.generate(random).display();
      assertThat(shown)
          .matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}");
      assertThat(shown).doesNotContain("0", "O", "1", "I", "L", "U");
    }
  }

  @Test
  void aCodeTypedInLowerCaseWithSpacesIsTheSameCode() {
    InvitationCodes.Code code = InvitationCodes.generate(random);
    String typed = " " + code.display().toLowerCase().replace("-", " ") + " ";

    InvitationCodes.Code parsed = InvitationCodes.parse(typed).orElseThrow();

    assertThat(parsed).isEqualTo(code);
    assertThat(InvitationCodes.matches(parsed, code.secretSha256())).isTrue();
  }

  @Test
  void aCodeWithALookAlikeOrTheWrongLengthIsNoCode() {
    assertThat(InvitationCodes.parse("K7QM-2XRD-9FH0")).isEmpty();
    assertThat(InvitationCodes.parse("K7QM-2XRD-9FHI")).isEmpty();
    assertThat(InvitationCodes.parse("K7QM-2XRD-9FH")).isEmpty();
    assertThat(InvitationCodes.parse(null)).isEmpty();
  }

  @Test
  void onlyTheSecretOfTheSameSelectorMatches() {
    InvitationCodes.Code code = InvitationCodes.generate(random);
    InvitationCodes.Code otherSecret =
        new InvitationCodes.Code(
            code.selector(), code.secret().equals("22222222") ? "33333333" : "22222222");

    assertThat(InvitationCodes.matches(otherSecret, code.secretSha256())).isFalse();
  }

  @Test
  void theQrCodeIsAnSvgDocument() {
    String svg = InvitationQr.svg("sukoyaka://invitations/K7QM-2XRD-9FHT");

    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
    assertThat(svg).contains("h1v1h-1z");
  }
}
