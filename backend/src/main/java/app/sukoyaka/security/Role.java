package app.sukoyaka.security;

import java.util.Locale;
import java.util.Optional;

/** Who is calling: a parent, a clinic system or municipal staff. */
public enum Role {
  GUARDIAN,
  CLINIC,
  STAFF;

  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromClaim(String value) {
    for (Role role : values()) {
      if (role.claim().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
