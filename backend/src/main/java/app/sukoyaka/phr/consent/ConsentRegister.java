package app.sukoyaka.phr.consent;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The consent register: every consent the guardian gave, of every kind, from the sources that keep
 * them (one bean per kind), and withdrawing one through its source, effective when the request
 * returns. The guardian reads and withdraws only their own; both are logged.
 */
@Singleton
public class ConsentRegister {
  static final String PURPOSE = "consent-register";

  private final Map<String, ConsentSource> sources;
  private final JdbcOperations jdbc;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  ConsentRegister(
      List<ConsentSource> sources,
      JdbcOperations jdbc,
      AccessGuard guard,
      AccessLog accessLog,
      Clock clock) {
    Map<String, ConsentSource> byKind = new LinkedHashMap<>();
    sources.stream()
        .sorted(Comparator.comparing(ConsentSource::kind))
        .forEach(
            s -> {
              if (byKind.put(s.kind(), s) != null) {
                throw new IllegalStateException("Two consent sources of " + s.kind());
              }
            });
    this.sources = byKind;
    this.jdbc = jdbc;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** The kinds of consent the register collects. */
  public Set<String> kinds() {
    return sources.keySet();
  }

  /** The guardian whose register it is. */
  public record Holder(UUID personId, UUID municipalityId, String displayName) {}

  /** The guardian's consents, with the instant they were read at (to tell which hold). */
  public record Register(Holder holder, List<ConsentEntry> entries, java.time.Instant readAt) {}

  /** Every consent of the guardian who calls, newest first. */
  @Transactional(readOnly = true)
  public Register of(Principal principal, String action) {
    Holder holder = holder(principal);
    ProtectedSubject subject = subject(principal, holder);
    guard.require(principal, AccessPolicy.Action.READ, subject, action, PURPOSE);
    List<ConsentEntry> entries = new ArrayList<>();
    for (ConsentSource source : sources.values()) {
      entries.addAll(source.ofGuardian(holder.personId()));
    }
    entries.sort(
        Comparator.comparing(ConsentEntry::agreedAt)
            .reversed()
            .thenComparing(ConsentEntry::kind)
            .thenComparing(ConsentEntry::id));
    accessLog.access(principal, subject, action, PURPOSE, true);
    return new Register(holder, entries, clock.instant());
  }

  /**
   * Withdraws one of the caller's consents through the source that keeps it, in one transaction
   * with the log row; the consent as it now stands.
   */
  @Transactional
  public ConsentEntry withdraw(Principal principal, String kind, String consentId) {
    ConsentSource source = sources.get(kind);
    if (source == null) {
      throw new ProblemException(
          ErrorCode.CONSENT_KIND_UNKNOWN,
          "No consent of kind " + kind + "; the kinds are " + String.join(", ", kinds()) + ".");
    }
    Holder holder = holder(principal);
    ProtectedSubject subject = subject(principal, holder);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "withdraw-consent", PURPOSE);
    if (!source.withdraw(holder.personId(), consentId)) {
      throw notFound();
    }
    accessLog.write(principal, subject, "withdraw-consent", PURPOSE);
    return source.ofGuardian(holder.personId()).stream()
        .filter(e -> e.id().equals(consentId))
        .findFirst()
        .orElseThrow(ConsentRegister::notFound);
  }

  private static ProblemException notFound() {
    return new ProblemException(
        ErrorCode.CONSENT_NOT_FOUND, "You gave no consent of this kind with this id.");
  }

  private Holder holder(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only a guardian has a consent register, their own.");
    }
    Optional<Holder> holder =
        jdbc.prepareStatement(
            "SELECT id, municipality_id, family_name || ' ' || given_name FROM person"
                + " WHERE login_subject = ?",
            statement -> {
              statement.setString(1, principal.subject());
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? Optional.of(
                        new Holder(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getString(3)))
                    : Optional.empty();
              }
            });
    return holder.orElseThrow(
        () ->
            new ProblemException(
                ErrorCode.ACCOUNT_NO_PERSON, "No account on record for this login."));
  }

  /** The guardian's own register, as the access policy sees it: theirs alone. */
  private static ProtectedSubject subject(Principal principal, Holder holder) {
    return new ProtectedSubject(
        "person",
        holder.personId(),
        holder.municipalityId(),
        Set.of(principal.subject()),
        Set.of());
  }

  /** How the consent stands at that instant. */
  public static String status(ConsentEntry entry, java.time.Instant at) {
    if (entry.withdrawnAt() != null) {
      return "withdrawn";
    }
    return entry.activeAt(at) ? "active" : "expired";
  }
}
