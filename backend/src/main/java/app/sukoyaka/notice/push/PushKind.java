package app.sukoyaka.notice.push;

/** What a push is about; each kind has its payload schema in {@code mobile-contract}. */
public enum PushKind {
  NOTICE("notice"),
  REMINDER("reminder");

  private final String code;

  PushKind(String code) {
    this.code = code;
  }

  /** The value stored in {@code push_message.kind} and sent in the payload. */
  public String code() {
    return code;
  }
}
