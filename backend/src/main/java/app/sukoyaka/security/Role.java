package app.sukoyaka.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Who is calling: a parent, a clinic system, municipal staff, a resident who logged in at the
 * residents' identity provider but has no handbook here yet (someone about to notify a pregnancy,
 * or a second guardian about to accept an invitation), or a third-party PHR app a guardian
 * consented to. A resident reaches nothing of any family; an app only what the consent names.
 */
public enum Role {
  GUARDIAN,
  CLINIC,
  STAFF,
  RESIDENT,
  APP;

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
