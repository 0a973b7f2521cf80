package app.sukoyaka.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The app opens a filled-in 予診票 (with its visit QR code) by a deep link. */
class PrescreeningDeepLinkTest {
  private static final String CHILD = "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
  private static final String PRESCREENING = "0c9a8b7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";

  private final DeepLinks links = DeepLinks.load();

  @Test
  void aPrescreeningLinkNamesTheChildAndThe予診票() {
    assertThat(
            links.build("prescreening", Map.of("childId", CHILD, "prescreeningId", PRESCREENING)))
        .isEqualTo("sukoyaka://children/" + CHILD + "/prescreenings/" + PRESCREENING);
  }
}
