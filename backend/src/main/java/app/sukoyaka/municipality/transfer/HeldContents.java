package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.immunization.ImmunizationHistory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Our record as the transfer format compares it with the one another municipality sent: a child's
 * or a pregnancy's checkup or vaccination, in the content shape whose digest tells a change.
 */
@Singleton
class HeldContents {
  private final ImmunizationHistory immunizations;
  private final CheckupService checkups;
  private final TransferStore store;

  HeldContents(ImmunizationHistory immunizations, CheckupService checkups, TransferStore store) {
    this.immunizations = immunizations;
    this.checkups = checkups;
    this.store = store;
  }

  /** Our record's content now, if it exists ({@code type}: immunization or checkup). */
  Optional<ObjectNode> of(String type, UUID localId) {
    if (type.equals("immunization")) {
      return immunizations
          .find(localId)
          .map(
              stored -> {
                String code =
                    stored.record().facilityId() == null
                        ? null
                        : store
                            .facilityCodes(List.of(stored.record().facilityId()))
                            .get(stored.record().facilityId());
                return TransferChecks.content(stored.record(), code, stored.retracted());
              });
    }
    return checkups.checkup(localId).map(TransferChecks::content);
  }
}
