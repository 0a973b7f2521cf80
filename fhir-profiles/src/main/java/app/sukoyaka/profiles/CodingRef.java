package app.sukoyaka.profiles;

import java.util.Objects;

/** A code system URI and a code: the identity of a FHIR coding without its display. */
public record CodingRef(String system, String code) {
  public CodingRef {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
  }

  @Override
  public String toString() {
    return system + "|" + code;
  }
}
