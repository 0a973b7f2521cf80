package app.sukoyaka.profiles;

import java.util.Objects;

/** A document the vaccine catalog or the mapping for records from abroad relies on. */
public record VaccineSource(String id, String title, String location) {
  public VaccineSource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(location, "location");
  }
}
