package app.sukoyaka.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.PropagatedContextElement;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which municipalities' rows a database connection shows (row-level security, V0050): the system
 * scope sees every row; any other scope the rows of its municipalities, those named here and, for a
 * guardian or their app, those of the guardian's family, for a clinic those of the children whose
 * visit QR it redeemed while the grant lasts (both worked out by the database when the scope is
 * set).
 *
 * @param system every municipality: work no caller asked for, and the authentication itself
 * @param municipalities the staff member's municipality, or the clinic's contracts
 * @param guardianSubject the login subject whose family's municipalities are added
 * @param facilityId the clinic whose live visit grants add their children's municipalities
 */
public record TenantScope(
    boolean system,
    Set<UUID> municipalities,
    @Nullable String guardianSubject,
    @Nullable UUID facilityId) {

  public static final TenantScope SYSTEM = new TenantScope(true, Set.of(), null, null);

  /** Nothing: a connection in this scope sees no row of any municipality. */
  public static final TenantScope NONE = new TenantScope(false, Set.of(), null, null);

  public TenantScope {
    municipalities = Set.copyOf(municipalities);
  }

  /** The scope of a request made by this caller. */
  public static TenantScope of(Principal principal) {
    return switch (principal.role()) {
      case STAFF -> new TenantScope(false, principal.municipalityIds(), null, null);
      case CLINIC ->
          new TenantScope(false, principal.municipalityIds(), null, principal.facilityId());
      case GUARDIAN -> new TenantScope(false, Set.of(), principal.subject(), null);
      case APP -> new TenantScope(false, Set.of(), principal.appGrant().guardianSubject(), null);
      // A resident has no family here yet: what they may do (apply for a handbook in a
      // municipality, accept an invitation into a family) is decided by the access policy.
      case RESIDENT -> SYSTEM;
    };
  }

  /**
   * Whether a connection already in this scope can be reused as it is: a guardian's or a clinic's
   * municipalities change with their family and grants, so they are worked out again each time.
   */
  boolean fixed() {
    return guardianSubject == null && facilityId == null;
  }

  /** A guardian's (or her app's) scope: her family's municipalities and no others. */
  boolean guardianOnly() {
    return !system && municipalities.isEmpty() && guardianSubject != null && facilityId == null;
  }

  /**
   * Runs {@code work} with connections taken from the pool in the system scope: a decision that
   * must see a record of another municipality (whether it exists at all, the child a clinic's
   * submission names). Connections already held by an open transaction keep their scope; use {@link
   * TenantScopes#system} there.
   */
  public static <T> T systemOutsideTransactions(Supplier<T> work) {
    try (PropagatedContext.Scope ignored =
        PropagatedContext.getOrEmpty().plus(new Chosen(SYSTEM)).propagate()) {
      return work.get();
    }
  }

  /** A scope chosen for a piece of work, over the one of the request it runs in. */
  record Chosen(TenantScope scope) implements PropagatedContextElement {}
}
