package app.sukoyaka.family.prenatal;

import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.Pregnancy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Bodies of the 妊婦健診 schedule and voucher routes (see api-spec), and their pure mappers. */
final class PrenatalBodies {
  private PrenatalBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record Cover(String code, Text label) {}

  @Serdeable
  record UsedBy(UUID facilityId, String name) {}

  @Serdeable
  record Voucher(
      String number,
      int visitNumber,
      List<Cover> covers,
      String status,
      @Nullable LocalDate usedOn,
      @Nullable Instant usedAt,
      @Nullable UsedBy usedBy) {}

  @Serdeable
  record Visit(
      int visitNumber,
      int fromWeek,
      int toWeek,
      LocalDate recommendedFrom,
      LocalDate recommendedTo,
      Voucher voucher) {}

  @Serdeable
  record PrenatalCheckups(
      UUID pregnancyId,
      FamilyBodies.HandbookNumber handbookNumber,
      @Nullable LocalDate expectedDeliveryDate,
      List<Visit> visits) {}

  @Serdeable
  record VoucherUse(
      @Nullable String municipalityCode,
      @Nullable String voucherNumber,
      @Nullable LocalDate motherBirthDate,
      @Nullable LocalDate visitDate) {}

  static Voucher voucher(PrenatalVoucher voucher) {
    return new Voucher(
        voucher.number(),
        voucher.visitNumber(),
        voucher.covers().stream().map(c -> new Cover(c.code(), new Text(c.ja(), c.en()))).toList(),
        voucher.used() ? "used" : "unused",
        voucher.usedOn(),
        voucher.usedAt(),
        voucher.used()
            ? new UsedBy(voucher.usedByFacilityId(), voucher.usedByFacilityName())
            : null);
  }

  static PrenatalCheckups checkups(Pregnancy pregnancy, List<PrenatalVisit> visits) {
    return new PrenatalCheckups(
        pregnancy.id(),
        FamilyBodies.handbookNumber(pregnancy.municipalityCode(), pregnancy.handbookNumber()),
        pregnancy.expectedDeliveryDate(),
        visits.stream()
            .map(
                v ->
                    new Visit(
                        v.number(),
                        v.fromWeek(),
                        v.toWeek(),
                        v.recommendedFrom(),
                        v.recommendedTo(),
                        voucher(v.voucher())))
            .toList());
  }
}
