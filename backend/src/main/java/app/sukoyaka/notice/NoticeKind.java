package app.sukoyaka.notice;

import java.util.Optional;

/**
 * What a notice is. An official notice reaches a guardian online only once they consented to online
 * delivery; a consent request asks for that consent and so is delivered online to everyone.
 */
public enum NoticeKind {
  OFFICIAL("official"),
  CONSENT_REQUEST("consent_request");

  private final String code;

  NoticeKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<NoticeKind> of(String code) {
    for (NoticeKind kind : values()) {
      if (kind.code.equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
