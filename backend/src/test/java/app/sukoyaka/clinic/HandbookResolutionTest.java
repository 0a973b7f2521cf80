package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.family.HandbookHolder;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which record of a child that moved with its handbook a clinic's submission goes to. */
class HandbookResolutionTest {
  private static final LocalDate BORN = LocalDate.of(2025, 6, 10);
  private static final LocalDate MOVED = LocalDate.of(2025, 11, 1);
  private static final UUID OLD_TOWN = UUID.randomUUID();
  private static final UUID NEW_TOWN = UUID.randomUUID();
  private static final UUID THIRD_TOWN = UUID.randomUUID();

  private final HandbookHolder left =
      new HandbookHolder(
          UUID.randomUUID(),
          OLD_TOWN,
          "131016",
          BORN,
          new HandbookHolder.Move(NEW_TOWN, "141003", "横浜市", MOVED));
  private final HandbookHolder current =
      new HandbookHolder(UUID.randomUUID(), NEW_TOWN, "141003", BORN, null);

  @Test
  void aClinicOfTheNewMunicipalityFindsTheMovedInChild() {
    assertThat(resolve(Set.of(NEW_TOWN), MOVED.plusDays(5)))
        .contains(new HandbookResolution.Resolved(current, false));
  }

  @Test
  void aClinicServingBothFindsTheChildWhereItLivesNowEvenForAVisitBeforeTheMove() {
    assertThat(resolve(Set.of(OLD_TOWN, NEW_TOWN), MOVED.minusDays(5)))
        .contains(new HandbookResolution.Resolved(current, false));
  }

  @Test
  void aClinicOfTheOldMunicipalityIsRefusedForAVisitOnOrAfterTheMoveButNotBefore() {
    assertThat(resolve(Set.of(OLD_TOWN), MOVED))
        .contains(new HandbookResolution.Resolved(left, true));
    assertThat(resolve(Set.of(OLD_TOWN), MOVED.minusDays(1)))
        .contains(new HandbookResolution.Resolved(left, false));
    assertThat(resolve(Set.of(OLD_TOWN), null))
        .contains(new HandbookResolution.Resolved(left, true));
  }

  @Test
  void aClinicServingNeitherGetsTheCurrentRecordForTheAccessPolicyToDecide() {
    assertThat(resolve(Set.of(THIRD_TOWN), MOVED.plusDays(1)))
        .contains(new HandbookResolution.Resolved(current, false));
  }

  @Test
  void aRecordOfAChildBornOnAnotherDayIsNoMatch() {
    assertThat(
            HandbookResolution.resolve(
                List.of(left, current), BORN.plusDays(1), Set.of(NEW_TOWN), MOVED))
        .isEmpty();
  }

  private Optional<HandbookResolution.Resolved> resolve(Set<UUID> served, LocalDate visit) {
    return HandbookResolution.resolve(List.of(left, current), BORN, served, visit);
  }
}
