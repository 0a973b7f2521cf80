package app.sukoyaka.notice;

import java.util.Optional;

/** Whether a reply, once given, may be changed until the reply deadline. */
public enum ReplyPolicy {
  ONCE("once"),
  CHANGEABLE("changeable");

  private final String code;

  ReplyPolicy(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<ReplyPolicy> of(String code) {
    for (ReplyPolicy policy : values()) {
      if (policy.code.equals(code)) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
