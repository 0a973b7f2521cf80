package app.sukoyaka.phr.myportal;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The open conflicts between the portal's records and ours, as the guardian reads them: only those
 * of handbooks they may still read, each read logged.
 */
@Singleton
class MyPortalConflicts {
  private final MyPortalStore store;
  private final MyPortalLinks links;
  private final FamilyService families;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;

  MyPortalConflicts(
      MyPortalStore store,
      MyPortalLinks links,
      FamilyService families,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions) {
    this.store = store;
    this.links = links;
    this.families = families;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
  }

  List<MyPortalStore.OpenConflict> ofGuardian(Principal principal) {
    Guardian guardian = links.guardian(principal);
    List<MyPortalStore.OpenConflict> open =
        transactions.executeRead(status -> store.openConflictsOfPerson(guardian.personId()));
    Map<UUID, Optional<ProtectedSubject>> subjects = new LinkedHashMap<>();
    List<MyPortalStore.OpenConflict> readable = new ArrayList<>();
    for (MyPortalStore.OpenConflict conflict : open) {
      UUID id = conflict.childId() != null ? conflict.childId() : conflict.pregnancyId();
      Optional<ProtectedSubject> subject =
          subjects.computeIfAbsent(
              id,
              key ->
                  conflict.childId() != null
                      ? families.child(key).map(FamilySubjects::of)
                      : families.pregnancy(key).map(p -> FamilySubjects.of(p, Set.of())));
      if (subject.isPresent()
          && guard.permits(principal, AccessPolicy.Action.READ, subject.get())) {
        readable.add(conflict);
      }
    }
    List<ProtectedSubject> read = new ArrayList<>();
    for (MyPortalStore.OpenConflict conflict : readable) {
      UUID id = conflict.childId() != null ? conflict.childId() : conflict.pregnancyId();
      subjects
          .get(id)
          .ifPresent(
              s -> {
                if (!read.contains(s)) {
                  read.add(s);
                }
              });
    }
    accessLog.accessAll(principal, read, "read-my-portal-conflicts", MyPortalLinks.PURPOSE);
    return readable;
  }
}
