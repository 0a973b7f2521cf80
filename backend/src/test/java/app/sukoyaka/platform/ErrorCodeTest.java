package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void everyErrorCodeIsUniqueAndWellFormed() {
    Set<String> seen = new HashSet<>();
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.code()).matches("SKY-\\d{4}");
      assertThat(seen.add(code.code())).as("duplicate %s", code.code()).isTrue();
      assertThat(code.status()).isBetween(400, 599);
      assertThat(code.title()).isNotBlank();
    }
  }

  @Test
  void codesAreGroupedByArea() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(c -> c.name().startsWith("FHIR_")))
        .allSatisfy(c -> assertThat(c.code()).startsWith("SKY-2"));
  }
}
