package app.sukoyaka.phr.consent;

import java.util.List;
import java.util.UUID;

/**
 * One kind of consent a guardian gives (online delivery of notices, a PHR app's access, the My
 * Portal link, sharing the handbook with the other guardian …). Each feature keeps its consents in
 * its own tables, where its rules need them, and contributes one bean; the consent register
 * collects them all, so the guardian sees every consent in one place and a new kind joins the
 * register with one class. Nothing is written twice.
 */
public interface ConsentSource {

  /** The kind this source reports, e.g. {@code phr-app}; unique among the sources. */
  String kind();

  /** Every consent the guardian gave of this kind, current, expired and withdrawn, newest first. */
  List<ConsentEntry> ofGuardian(UUID guardianPersonId);

  /**
   * Withdraws one of the guardian's consents of this kind, effective at once. Withdrawing one that
   * is already withdrawn or expired changes nothing.
   *
   * @return false when the guardian has no consent of this kind with that id
   */
  boolean withdraw(UUID guardianPersonId, String consentId);
}
