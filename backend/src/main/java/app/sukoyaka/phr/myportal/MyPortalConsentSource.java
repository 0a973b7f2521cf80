package app.sukoyaka.phr.myportal;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentSource;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The My Portal links in the consent register: each link is the guardian's consent to retrieve the
 * records of its handbooks from マイナポータル until it ends; withdrawing it ends the link as the
 * guardian's own ending does (revoked at the portal where it can be).
 */
@Singleton
class MyPortalConsentSource implements ConsentSource {
  static final String KIND = "my-portal-link";
  static final String RECIPIENT = "マイナポータル（自己情報取得API・PMH）";
  static final List<String> RECORD_KINDS = List.of("Encounter", "Observation", "Immunization");

  private final MyPortalStore store;
  private final MyPortalLinks links;
  private final TransactionOperations<Connection> transactions;

  MyPortalConsentSource(
      MyPortalStore store, MyPortalLinks links, TransactionOperations<Connection> transactions) {
    this.store = store;
    this.links = links;
    this.transactions = transactions;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<ConsentEntry> ofGuardian(UUID guardianPersonId) {
    List<ConsentEntry> entries = new ArrayList<>();
    for (MyPortalLink link : transactions.executeRead(status -> store.linksOf(guardianPersonId))) {
      entries.add(
          new ConsentEntry(
              KIND,
              link.id().toString(),
              RECIPIENT,
              link.childIds(),
              link.pregnancyIds(),
              RECORD_KINDS,
              link.textVersion(),
              link.createdAt(),
              // An ended link is withdrawn when it ended; its period still says when it would have.
              link.expiresAt(),
              link.endedAt()));
    }
    return entries;
  }

  @Override
  public boolean withdraw(UUID guardianPersonId, String consentId) {
    UUID id;
    try {
      id = UUID.fromString(consentId);
    } catch (IllegalArgumentException e) {
      return false;
    }
    MyPortalLink link =
        transactions
            .executeRead(status -> store.link(id, false))
            .filter(l -> l.personId().equals(guardianPersonId))
            .orElse(null);
    if (link == null) {
      return false;
    }
    if (link.endedAt() == null) {
      links.end(guardianPersonId, id, MyPortalLink.ENDED_BY_GUARDIAN);
    }
    return true;
  }
}
