package app.sukoyaka.security;

import java.util.UUID;

/**
 * Which clinics hold a live visit grant for a child: the family showed the clinic the child's visit
 * QR code (a short-lived token bound to the child and one 予診票), the clinic redeemed it, and the
 * grant has not run out. The grant lets that clinic write the child's vaccination whatever
 * municipality it serves; it reads the child's records only through the visit itself.
 */
public interface VisitGrants {

  /** Whether the facility holds a live visit grant for the child now. */
  boolean holds(UUID facilityId, UUID childId);
}
