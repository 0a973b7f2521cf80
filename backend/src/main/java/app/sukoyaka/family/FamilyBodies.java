package app.sukoyaka.family;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Bodies of the parent API that describe families (see api-spec), and their pure mappers. */
public final class FamilyBodies {
  private FamilyBodies() {}

  @Serdeable
  public record HandbookNumber(String system, String value) {}

  @Serdeable
  public record PregnancySummary(
      UUID id,
      String municipalityCode,
      HandbookNumber handbookNumber,
      @Nullable LocalDate expectedDeliveryDate,
      String status) {}

  @Serdeable
  public record PregnancyDetail(
      UUID id,
      String municipalityCode,
      HandbookNumber handbookNumber,
      @Nullable LocalDate expectedDeliveryDate,
      String status,
      String motherName,
      @Nullable LocalDate handbookIssuedOn) {}

  @Serdeable
  public record ChildSummary(
      UUID id,
      String municipalityCode,
      @Nullable HandbookNumber handbookNumber,
      @Nullable String displayName,
      LocalDate birthDate,
      String sex) {}

  /**
   * The child at the top of its handbook.
   *
   * @param displayName null until the child is named, like the names
   * @param pregnancyId the pregnancy it was born of (its mother's handbook), when recorded here
   */
  @Serdeable
  public record ChildDetail(
      UUID id,
      String municipalityCode,
      @Nullable HandbookNumber handbookNumber,
      @Nullable String displayName,
      @Nullable String familyName,
      @Nullable String givenName,
      @Nullable String familyNameKana,
      @Nullable String givenNameKana,
      LocalDate birthDate,
      String sex,
      int birthOrder,
      @Nullable UUID pregnancyId) {}

  @Serdeable
  public record MyHandbooks(
      UUID guardianId,
      String displayName,
      List<PregnancySummary> pregnancies,
      List<ChildSummary> children) {}

  public static HandbookNumber handbookNumber(String municipalityCode, String number) {
    return number == null
        ? null
        : new HandbookNumber(SukoyakaCanonicals.handbookNumberSystem(municipalityCode), number);
  }

  public static PregnancySummary summary(Pregnancy pregnancy) {
    return new PregnancySummary(
        pregnancy.id(),
        pregnancy.municipalityCode(),
        handbookNumber(pregnancy.municipalityCode(), pregnancy.handbookNumber()),
        pregnancy.expectedDeliveryDate(),
        pregnancy.status());
  }

  public static PregnancyDetail detail(Pregnancy pregnancy) {
    return new PregnancyDetail(
        pregnancy.id(),
        pregnancy.municipalityCode(),
        handbookNumber(pregnancy.municipalityCode(), pregnancy.handbookNumber()),
        pregnancy.expectedDeliveryDate(),
        pregnancy.status(),
        pregnancy.motherName(),
        pregnancy.handbookIssuedOn());
  }

  public static ChildSummary summary(Child child) {
    return new ChildSummary(
        child.id(),
        child.municipalityCode(),
        handbookNumber(child.municipalityCode(), child.handbookNumber()),
        child.displayName(),
        child.birthDate(),
        child.sex());
  }

  public static ChildDetail detail(Child child) {
    return new ChildDetail(
        child.id(),
        child.municipalityCode(),
        handbookNumber(child.municipalityCode(), child.handbookNumber()),
        child.displayName(),
        child.familyName(),
        child.givenName(),
        child.familyNameKana(),
        child.givenNameKana(),
        child.birthDate(),
        child.sex(),
        child.birthOrder(),
        child.pregnancyId());
  }

  public static MyHandbooks myHandbooks(Guardian guardian) {
    return new MyHandbooks(
        guardian.personId(),
        guardian.displayName(),
        guardian.pregnancies().stream().map(FamilyBodies::summary).toList(),
        guardian.children().stream().map(FamilyBodies::summary).toList());
  }
}
