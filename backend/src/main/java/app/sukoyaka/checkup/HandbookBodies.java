package app.sukoyaka.checkup;

import app.sukoyaka.family.FamilyBodies;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Bodies of the pregnancy handbook in the parent API (see api-spec). */
final class HandbookBodies {
  private HandbookBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record PregnancyHandbook(FamilyBodies.PregnancyDetail pregnancy, List<CheckupBody> checkups) {}

  @Serdeable
  record Facility(String name, String medicalInstitutionCode) {}

  @Serdeable
  record CheckupBody(
      UUID id,
      String kind,
      Text kindLabel,
      LocalDate visitDate,
      @Nullable Integer gestationalAgeDays,
      Facility facility,
      Instant recordedAt,
      List<FindingBody> findings) {}

  @Serdeable
  record Quantity(BigDecimal value, String unit) {}

  @Serdeable
  record Coded(String system, String code, Text label) {}

  /** Exactly the member named by {@code valueType} is present. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FindingBody(
      String item,
      Text label,
      String valueType,
      @Nullable Quantity quantity,
      @Nullable Coded coded,
      @JsonProperty("boolean") @Nullable Boolean flag,
      @Nullable String string,
      @Nullable LocalDate date,
      Text display) {}
}
