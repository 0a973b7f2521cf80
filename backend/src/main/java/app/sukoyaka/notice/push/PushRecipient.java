package app.sukoyaka.notice.push;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.ResultSet;
import java.util.Set;
import java.util.UUID;

/**
 * The person behind a guardian's login (a guardian or a pregnant person) as push delivery sees
 * them: whose devices and delivery log a request is about. Their devices and log are their own
 * data, a protected subject of type {@code person} that only they may read or change.
 */
record PushRecipient(UUID personId, UUID municipalityId, String loginSubject) {

  /** Purpose written to the access log. */
  static final String PURPOSE = "push-delivery";

  ProtectedSubject subject() {
    return new ProtectedSubject("person", personId, municipalityId, Set.of(loginSubject), Set.of());
  }

  /** The caller's person; refuses other roles and logins without a person on record. */
  static PushRecipient of(Principal principal, JdbcOperations jdbc) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only guardians and pregnant people receive pushes.");
    }
    PushRecipient found =
        jdbc.prepareStatement(
            "SELECT id, municipality_id FROM person WHERE login_subject = ?",
            statement -> {
              statement.setString(1, principal.subject());
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? new PushRecipient(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        principal.subject())
                    : null;
              }
            });
    if (found == null) {
      throw new ProblemException(
          ErrorCode.PUSH_NO_PERSON, "No guardian or pregnant person is on record for this login.");
    }
    return found;
  }
}
