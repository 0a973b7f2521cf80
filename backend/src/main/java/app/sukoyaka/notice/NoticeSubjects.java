package app.sukoyaka.notice;

import app.sukoyaka.security.ProtectedSubject;
import java.util.Set;
import java.util.UUID;

/** Notices and their recipients as the access policy sees them. */
final class NoticeSubjects {
  private NoticeSubjects() {}

  /**
   * A notice of a municipality: its staff compose, send and follow it up. No guardian holds it as
   * such; a guardian reads their own delivery ({@link #person}).
   */
  static ProtectedSubject notice(UUID noticeId, UUID municipalityId) {
    return new ProtectedSubject("notice", noticeId, municipalityId, Set.of(), Set.of());
  }

  /**
   * A guardian or pregnant person as the recipient of notices: their inbox, replies, consent and
   * the area of their address.
   *
   * @param loginSubject null when the person does not use the app
   */
  static ProtectedSubject person(UUID personId, UUID municipalityId, String loginSubject) {
    return new ProtectedSubject(
        "person",
        personId,
        municipalityId,
        loginSubject == null ? Set.of() : Set.of(loginSubject),
        Set.of());
  }
}
