package app.sukoyaka.family.account;

import java.util.UUID;

/**
 * What account deletion does to one kind of record of the retention rules, in the deletion's
 * transaction. Every kind the rules delete has one; a kind they keep may have one too (to withdraw
 * a consent, to stop naming the login). A new kind of record (a parent's own entries) joins with
 * one bean and one rule.
 */
public interface AccountErasure {
  /** The kind of {@code retention-rules.json} this carries out. */
  String kind();

  /** Carries out the rule for the account; idempotent (a second run finds nothing to do). */
  void erase(DeletedAccount account);

  /**
   * The account being deleted.
   *
   * @param loginSubject the identity provider's subject, while the person still has it; null when a
   *     run stopped half-way was already past the kind that removes it
   * @param pseudonym what kept records name instead of the login: the person's id
   */
  record DeletedAccount(
      UUID personId, UUID municipalityId, String loginSubject, java.time.Instant at) {
    public String pseudonym() {
      return "deleted-account:" + personId;
    }
  }
}
