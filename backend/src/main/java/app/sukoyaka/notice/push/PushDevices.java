package app.sukoyaka.notice.push;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.SystemScope;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The devices a guardian's app registered for push: one row per live FCM registration token.
 * Registering a token again updates its row; a token registered by another person moves to them (a
 * phone handed on: the earlier owner's row is kept as removed, reason {@code moved}); the guardian
 * removes a device, FCM's answers remove dead tokens ({@link PushDispatcher}).
 */
@Singleton
public class PushDevices {
  /** Platforms the app runs on. */
  static final Set<String> PLATFORMS = Set.of("ios", "android", "web");

  // FCM registration tokens are URL-safe base64 with ':' separating the instance id.
  private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_:.\\-]{20,4096}$");
  private static final Pattern LOCALE = Pattern.compile("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$");
  private static final Pattern APP_VERSION =
      Pattern.compile("^[\\x21-\\x7E]([\\x20-\\x7E]*[\\x21-\\x7E])?$");
  // Advisory lock classes (pg_advisory_xact_lock(int, int)): registrations of one person, of one
  // token.
  private static final int PERSON_LOCK = 0x50555348;
  private static final int TOKEN_LOCK = 0x50555349;

  private final JdbcOperations jdbc;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final PushConfiguration config;
  private final Clock clock;
  private final SystemScope systemScope;

  PushDevices(
      JdbcOperations jdbc,
      AccessGuard guard,
      AccessLog accessLog,
      PushConfiguration config,
      Clock clock,
      SystemScope systemScope) {
    this.systemScope = systemScope;
    this.jdbc = jdbc;
    this.guard = guard;
    this.accessLog = accessLog;
    this.config = config;
    this.clock = clock;
  }

  /** What the app sends to register. */
  public record Registration(String token, String platform, String locale, String appVersion) {}

  /** A live device. */
  public record Device(
      UUID id,
      UUID personId,
      String token,
      String platform,
      String locale,
      String appVersion,
      Instant registeredAt,
      Instant updatedAt) {}

  /** The device, and whether it was new to the caller. */
  public record Registered(Device device, boolean created) {}

  @Transactional
  public Registered register(Principal principal, Registration registration) {
    PushRecipient recipient = PushRecipient.of(principal, jdbc);
    guard.require(
        principal,
        AccessPolicy.Action.WRITE,
        recipient.subject(),
        "register-push-device",
        PushRecipient.PURPOSE);
    validate(registration);
    lock(PERSON_LOCK, recipient.personId().toString());
    lock(TOKEN_LOCK, registration.token());
    Instant now = clock.instant();
    // A phone's token is one, whichever family and municipality last registered it: a phone
    // that changed hands is found and moved even from another municipality.
    Device live = systemScope.get(() -> liveByToken(registration.token()));
    if (live != null && live.personId().equals(recipient.personId())) {
      jdbc.prepareStatement(
          "UPDATE push_device SET platform = ?, locale = ?, app_version = ?, updated_at = ?"
              + " WHERE id = ?",
          statement -> {
            statement.setString(1, registration.platform());
            statement.setString(2, registration.locale());
            statement.setString(3, registration.appVersion());
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setObject(5, live.id());
            return statement.executeUpdate();
          });
      accessLog.write(
          principal, recipient.subject(), "register-push-device", PushRecipient.PURPOSE);
      return new Registered(
          new Device(
              live.id(),
              live.personId(),
              live.token(),
              registration.platform(),
              registration.locale(),
              registration.appVersion(),
              live.registeredAt(),
              now),
          false);
    }
    if (live != null) {
      systemScope.run(() -> remove(live.id(), "moved", "registered by another person", now));
    }
    long count =
        jdbc.prepareStatement(
            "SELECT count(*) FROM push_device WHERE person_id = ? AND removed_at IS NULL",
            statement -> {
              statement.setObject(1, recipient.personId());
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            });
    if (count >= config.maxDevicesPerPerson()) {
      throw new ProblemException(
          ErrorCode.PUSH_TOO_MANY_DEVICES,
          "At most "
              + config.maxDevicesPerPerson()
              + " devices receive pushes; remove one you no longer use first.");
    }
    Device device =
        new Device(
            Ids.newId(),
            recipient.personId(),
            registration.token(),
            registration.platform(),
            registration.locale(),
            registration.appVersion(),
            now,
            now);
    jdbc.prepareStatement(
        "INSERT INTO push_device (id, person_id, municipality_id, token, platform, locale,"
            + " app_version, registered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, device.id());
          statement.setObject(2, recipient.personId());
          statement.setObject(3, recipient.municipalityId());
          statement.setString(4, device.token());
          statement.setString(5, device.platform());
          statement.setString(6, device.locale());
          statement.setString(7, device.appVersion());
          statement.setTimestamp(8, Timestamp.from(now));
          statement.setTimestamp(9, Timestamp.from(now));
          return statement.executeUpdate();
        });
    accessLog.write(principal, recipient.subject(), "register-push-device", PushRecipient.PURPOSE);
    return new Registered(device, true);
  }

  /** The guardian removes one of their devices: it receives no more pushes. */
  @Transactional
  public void remove(Principal principal, UUID deviceId) {
    PushRecipient recipient = PushRecipient.of(principal, jdbc);
    guard.require(
        principal,
        AccessPolicy.Action.WRITE,
        recipient.subject(),
        "remove-push-device",
        PushRecipient.PURPOSE);
    int removed =
        jdbc.prepareStatement(
            "UPDATE push_device SET removed_at = ?, removed_reason = 'removed',"
                + " removed_detail = 'removed by the guardian'"
                + " WHERE id = ? AND person_id = ? AND removed_at IS NULL",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(clock.instant()));
              statement.setObject(2, deviceId);
              statement.setObject(3, recipient.personId());
              return statement.executeUpdate();
            });
    if (removed == 0) {
      throw new ProblemException(
          ErrorCode.PUSH_DEVICE_NOT_FOUND, "You have no device " + deviceId + " registered.");
    }
    accessLog.write(principal, recipient.subject(), "remove-push-device", PushRecipient.PURPOSE);
  }

  /** The caller's live devices, the latest registered first. */
  @Transactional
  public List<Device> list(Principal principal) {
    PushRecipient recipient = PushRecipient.of(principal, jdbc);
    guard.require(
        principal,
        AccessPolicy.Action.READ,
        recipient.subject(),
        "read-push-devices",
        PushRecipient.PURPOSE);
    List<Device> devices =
        jdbc.prepareStatement(
            "SELECT id, person_id, token, platform, locale, app_version, registered_at,"
                + " updated_at FROM push_device WHERE person_id = ? AND removed_at IS NULL"
                + " ORDER BY registered_at DESC, id DESC",
            statement -> {
              statement.setObject(1, recipient.personId());
              List<Device> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(device(rs));
                }
              }
              return found;
            });
    accessLog.access(
        principal, recipient.subject(), "read-push-devices", PushRecipient.PURPOSE, true);
    return devices;
  }

  private static void validate(Registration registration) {
    List<ProblemException.FieldError> errors = new ArrayList<>();
    String token = registration.token();
    if (token == null || token.isBlank()) {
      errors.add(new ProblemException.FieldError("token", "required"));
    } else if (!TOKEN.matcher(token).matches()) {
      errors.add(
          new ProblemException.FieldError(
              "token", "not an FCM registration token (20 to 4096 of A-Z a-z 0-9 _ - : .)"));
    }
    if (registration.platform() == null) {
      errors.add(new ProblemException.FieldError("platform", "required"));
    } else if (!PLATFORMS.contains(registration.platform())) {
      errors.add(new ProblemException.FieldError("platform", "must be ios, android or web"));
    }
    if (registration.locale() == null) {
      errors.add(new ProblemException.FieldError("locale", "required"));
    } else if (registration.locale().length() > 35
        || !LOCALE.matcher(registration.locale()).matches()) {
      errors.add(new ProblemException.FieldError("locale", "not a language tag such as ja-JP"));
    }
    if (registration.appVersion() == null) {
      errors.add(new ProblemException.FieldError("appVersion", "required"));
    } else if (registration.appVersion().length() > 64
        || !APP_VERSION.matcher(registration.appVersion()).matches()) {
      errors.add(
          new ProblemException.FieldError(
              "appVersion", "1 to 64 printable characters, e.g. 1.4.0 (212)"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.PUSH_DEVICE_INVALID,
          errors.get(0).field() + ": " + errors.get(0).message(),
          errors);
    }
  }

  private void lock(int kind, String key) {
    jdbc.prepareStatement(
        "SELECT pg_advisory_xact_lock(?, hashtext(?))",
        statement -> {
          statement.setInt(1, kind);
          statement.setString(2, key);
          statement.execute();
          return null;
        });
  }

  private Device liveByToken(String token) {
    return jdbc.prepareStatement(
        "SELECT id, person_id, token, platform, locale, app_version, registered_at, updated_at"
            + " FROM push_device WHERE token = ? AND removed_at IS NULL",
        statement -> {
          statement.setString(1, token);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? device(rs) : null;
          }
        });
  }

  private void remove(UUID deviceId, String reason, String detail, Instant now) {
    jdbc.prepareStatement(
        "UPDATE push_device SET removed_at = ?, removed_reason = ?, removed_detail = ?"
            + " WHERE id = ? AND removed_at IS NULL",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, reason);
          statement.setString(3, detail);
          statement.setObject(4, deviceId);
          return statement.executeUpdate();
        });
  }

  private static Device device(ResultSet rs) throws SQLException {
    return new Device(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getTimestamp(7).toInstant(),
        rs.getTimestamp(8).toInstant());
  }
}
