package app.sukoyaka.phr.myportal;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent flow of the My Portal link: the guardian starts it for some or all of their handbooks
 * (a single-use state and a PKCE S256 verifier, kept until it expires), the portal sends them back
 * with a code, which is exchanged for the tokens of a link that lasts {@code link-lifetime}; the
 * first retrieval runs at once in the background. The guardian lists their links and ends one,
 * which revokes it at the portal where the portal offers revocation. No network call is made inside
 * a database transaction.
 */
@Singleton
public class MyPortalLinks {
  static final String PURPOSE = "my-portal-link";
  private static final Logger LOG = LoggerFactory.getLogger(MyPortalLinks.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MyPortalConnection connection;
  private final MyPortalStore store;
  private final MyPortalConfiguration configuration;
  private final FamilyService families;
  private final AccessGuard guard;
  private final TransactionOperations<Connection> transactions;
  private final MyPortalImports imports;
  private final ExecutorService background;
  private final Clock clock;

  MyPortalLinks(
      MyPortalConnection connection,
      MyPortalStore store,
      MyPortalConfiguration configuration,
      FamilyService families,
      AccessGuard guard,
      TransactionOperations<Connection> transactions,
      MyPortalImports imports,
      @Named(TaskExecutors.IO) ExecutorService background,
      Clock clock) {
    this.connection = connection;
    this.store = store;
    this.configuration = configuration;
    this.families = families;
    this.guard = guard;
    this.transactions = transactions;
    this.imports = imports;
    this.background = background;
    this.clock = clock;
  }

  /** A started authorisation: where to send the guardian, and until when it can be finished. */
  public record Started(URI authorizationUrl, String state, Instant expiresAt) {}

  /**
   * Starts a link for these handbooks of the guardian (all of their children and their own
   * pregnancies when both lists are empty).
   */
  public Started start(Principal principal, List<UUID> childIds, List<UUID> pregnancyIds) {
    Guardian guardian = guardian(principal);
    MyPortalClient client = connection.client();
    List<ProtectedSubject> subjects = new ArrayList<>();
    List<UUID> children = new ArrayList<>();
    List<UUID> pregnancies = new ArrayList<>();
    List<ProblemException.FieldError> errors = new ArrayList<>();
    boolean all = childIds.isEmpty() && pregnancyIds.isEmpty();
    for (Child child : guardian.children()) {
      if (all || childIds.contains(child.id())) {
        children.add(child.id());
        subjects.add(FamilySubjects.of(child));
      }
    }
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      // The portal gives the card holder her own 妊婦健診: only her own pregnancies are linked.
      if (!guardian.personId().equals(pregnancy.personId())) {
        continue;
      }
      if (all || pregnancyIds.contains(pregnancy.id())) {
        pregnancies.add(pregnancy.id());
        subjects.add(FamilySubjects.of(pregnancy, Set.of()));
      }
    }
    for (UUID id : childIds) {
      if (!children.contains(id)) {
        errors.add(new ProblemException.FieldError("childIds", id + " is not a child of yours"));
      }
    }
    for (UUID id : pregnancyIds) {
      if (!pregnancies.contains(id)) {
        errors.add(
            new ProblemException.FieldError("pregnancyIds", id + " is not a pregnancy of yours"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_LINK_REQUEST_INVALID,
          "Only your own children and pregnancies can be linked.",
          errors);
    }
    if (subjects.isEmpty()) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_LINK_REQUEST_INVALID, "You have no handbook to link with My Portal.");
    }
    for (ProtectedSubject subject : subjects) {
      guard.require(principal, AccessPolicy.Action.WRITE, subject, PURPOSE, PURPOSE);
    }
    connection.simulator().ifPresent(simulator -> knownToSimulator(simulator, principal, guardian));
    String state = random();
    String verifier = random();
    Instant now = clock.instant();
    Instant expires = now.plus(configuration.stateLifetime());
    String sealedVerifier = connection.sealing().seal(verifier);
    UUID municipality = municipalityOf(guardian, subjects);
    transactions.executeWrite(
        status -> {
          store.insertAuthorisation(
              new MyPortalStore.Authorisation(
                  sha256(state),
                  municipality,
                  guardian.personId(),
                  principal.subject(),
                  children,
                  pregnancies,
                  sealedVerifier,
                  configuration.textVersion(),
                  now,
                  expires,
                  null));
          return null;
        });
    return new Started(
        client.authorizationUrl(state, MyPortalSimulator.challenge(verifier)), state, expires);
  }

  /**
   * The portal sent the guardian back: redeems the state (once, before it expires) and exchanges
   * the code for the link's tokens. Every refusal is a problem naming why.
   */
  public MyPortalLink complete(String state, String code, String error) {
    if (state == null || state.isBlank()) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_STATE_UNKNOWN, "The portal sent no state; start the link again.");
    }
    Instant now = clock.instant();
    MyPortalStore.Authorisation authorisation =
        transactions
            .executeWrite(status -> store.redeem(sha256(state), now))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.MY_PORTAL_STATE_UNKNOWN,
                        "This authorisation is not known here; start the link again in the app."));
    if (authorisation.usedAt() != null) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_STATE_UNKNOWN,
          "This authorisation has been used already; start the link again in the app.");
    }
    if (!now.isBefore(authorisation.expiresAt())) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_STATE_EXPIRED,
          "The authorisation at My Portal took longer than "
              + configuration.stateLifetime().toMinutes()
              + " minutes; start the link again in the app.");
    }
    if (error != null && !error.isBlank()) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_CONSENT_DENIED,
          "My Portal answered '" + error + "': nothing was linked.");
    }
    if (code == null || code.isBlank()) {
      throw new ProblemException(
          ErrorCode.MY_PORTAL_STATE_UNKNOWN, "The portal sent no code; start the link again.");
    }
    String verifier =
        connection
            .sealing()
            .open(authorisation.sealedVerifier())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.MY_PORTAL_STATE_UNKNOWN,
                        "This authorisation can no longer be read; start the link again."));
    PortalTokens tokens;
    try {
      tokens = connection.client().exchange(code, verifier);
    } catch (MyPortalException e) {
      throw portalFailure(e, ErrorCode.MY_PORTAL_CODE_REFUSED);
    }
    Instant expires = now.plus(configuration.linkLifetime());
    if (tokens.refreshExpiresAt() != null && tokens.refreshExpiresAt().isBefore(expires)) {
      expires = tokens.refreshExpiresAt();
    }
    if (tokens.refreshToken() == null && tokens.accessExpiresAt().isBefore(expires)) {
      expires = tokens.accessExpiresAt();
    }
    MyPortalLink link =
        new MyPortalLink(
            Ids.newId(),
            authorisation.municipalityId(),
            authorisation.personId(),
            authorisation.loginSubject(),
            authorisation.childIds(),
            authorisation.pregnancyIds(),
            tokens.scope(),
            authorisation.textVersion(),
            now,
            expires,
            null,
            null,
            null,
            null,
            null,
            null);
    MyPortalStore.SealedTokens sealed = seal(tokens);
    transactions.executeWrite(
        status -> {
          store.insertLink(link, sealed);
          return null;
        });
    Principal guardian =
        new Principal(Role.GUARDIAN, authorisation.loginSubject(), Set.of(), null, Set.of());
    background.execute(
        () -> {
          try {
            imports.importLink(guardian, link.id());
          } catch (RuntimeException e) {
            // Recorded on the link (last_import_error); the guardian can retrieve again.
            LOG.warn("First retrieval of My Portal link {} failed: {}", link.id(), e.getMessage());
          }
        });
    return link;
  }

  /**
   * Demo mode: a guardian who links is a card holder the simulator knows, whose household is her
   * family here with the simulator's realistic records (a demo has no real portal to hold them).
   */
  private static void knownToSimulator(
      MyPortalSimulator simulator, Principal principal, Guardian guardian) {
    if (simulator.knows(principal.subject())) {
      return;
    }
    Pregnancy own =
        guardian.pregnancies().stream()
            .filter(p -> guardian.personId().equals(p.personId()))
            .findFirst()
            .orElse(null);
    Pregnancy expecting =
        guardian.pregnancies().stream()
            .filter(p -> guardian.personId().equals(p.personId()) && "active".equals(p.status()))
            .findFirst()
            .orElse(null);
    List<String[]> children = new ArrayList<>();
    for (Child child : guardian.children()) {
      children.add(
          new String[] {
            (child.familyNameKana() == null ? "" : child.familyNameKana())
                + " "
                + (child.givenNameKana() == null ? "" : child.givenNameKana()),
            child.birthDate().toString(),
            child.sex()
          });
    }
    simulator.register(
        principal.subject(),
        simulator.household(
            principal.subject(),
            guardian.displayName(),
            own == null || own.motherBirthDate() == null
                ? java.time.LocalDate.of(1990, 1, 1)
                : own.motherBirthDate(),
            expecting == null ? null : expecting.expectedDeliveryDate(),
            children));
  }

  MyPortalStore.SealedTokens seal(PortalTokens tokens) {
    return new MyPortalStore.SealedTokens(
        connection.sealing().seal(tokens.accessToken()),
        tokens.accessExpiresAt(),
        tokens.refreshToken() == null ? null : connection.sealing().seal(tokens.refreshToken()));
  }

  /** The guardian's links, newest first. */
  public List<MyPortalLink> links(Principal principal) {
    Guardian guardian = guardian(principal);
    return transactions.executeRead(status -> store.linksOf(guardian.personId()));
  }

  /** One of the guardian's links. */
  public MyPortalLink link(Principal principal, UUID linkId) {
    Guardian guardian = guardian(principal);
    return own(guardian, linkId);
  }

  /**
   * Ends the link: revokes it at the portal where it can (a portal that cannot be reached does not
   * keep the link alive here), and forgets its tokens. Ending an ended link changes nothing.
   */
  public MyPortalLink end(Principal principal, UUID linkId) {
    Guardian guardian = guardian(principal);
    own(guardian, linkId);
    return end(guardian.personId(), linkId, MyPortalLink.ENDED_BY_GUARDIAN);
  }

  MyPortalLink end(UUID personId, UUID linkId, String reason) {
    Optional<MyPortalStore.SealedTokens> tokens =
        transactions.executeRead(status -> store.tokens(linkId));
    Boolean revoked = null;
    if (tokens.isPresent() && connection.available()) {
      MyPortalStore.SealedTokens sealed = tokens.get();
      String token = sealed.refreshToken() != null ? sealed.refreshToken() : sealed.accessToken();
      Optional<String> open = connection.sealing().open(token);
      if (open.isPresent()) {
        try {
          revoked = connection.client().revoke(open.get());
        } catch (MyPortalException e) {
          LOG.warn(
              "My Portal link {} could not be revoked at the portal: {}", linkId, e.getMessage());
          revoked = false;
        }
      } else {
        revoked = false;
      }
    }
    Boolean revokedAtPortal = revoked;
    Instant now = clock.instant();
    transactions.executeWrite(
        status ->
            store.end(linkId, now, reason, revokedAtPortal == null ? false : revokedAtPortal));
    return transactions.executeRead(status -> store.link(linkId, false)).orElseThrow();
  }

  private MyPortalLink own(Guardian guardian, UUID linkId) {
    MyPortalLink link =
        transactions
            .executeRead(status -> store.link(linkId, false))
            .filter(l -> l.personId().equals(guardian.personId()))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.MY_PORTAL_LINK_NOT_FOUND, "You have no such My Portal link."));
    return link;
  }

  Guardian guardian(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(ErrorCode.WRONG_ROLE, "The My Portal link is the guardian's own.");
    }
    return families
        .guardian(principal.subject())
        .orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.MY_PORTAL_NO_PERSON, "No person is on record for this login."));
  }

  private static UUID municipalityOf(Guardian guardian, List<ProtectedSubject> subjects) {
    Set<UUID> municipalities = new LinkedHashSet<>();
    subjects.forEach(s -> municipalities.add(s.municipalityId()));
    return municipalities.iterator().next();
  }

  static ProblemException portalFailure(MyPortalException e, ErrorCode refused) {
    if (e.reason() == MyPortalException.Reason.UNAVAILABLE) {
      return new ProblemException(
          ErrorCode.MY_PORTAL_UNREACHABLE,
          "My Portal cannot be reached just now; try again later. (" + e.getMessage() + ")");
    }
    return new ProblemException(refused, e.getMessage());
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
