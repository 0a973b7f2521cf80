package app.sukoyaka.phr.consent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Bodies of the consent register API (see api-spec). */
public final class ConsentBodies {
  private ConsentBodies() {}

  /**
   * One consent.
   *
   * @param status active, expired or withdrawn
   * @param title the consent text's title (Japanese and English), when the text is kept here
   */
  @Serdeable
  public record Consent(
      String kind,
      String id,
      String status,
      String recipient,
      List<UUID> childIds,
      List<UUID> pregnancyIds,
      List<String> recordKinds,
      String textVersion,
      @Nullable Localized title,
      Instant agreedAt,
      @Nullable Instant expiresAt,
      @Nullable Instant withdrawnAt) {}

  @Serdeable
  public record Localized(String ja, String en) {}

  @Serdeable
  public record Consents(List<Consent> consents) {}

  /** One version of a consent text. */
  @Serdeable
  public record Text(
      String kind,
      String version,
      LocalDate effectiveFrom,
      boolean legacy,
      Localized title,
      Localized text) {}

  @Serdeable
  public record Texts(List<Text> texts) {}

  /** The pure mapping of a register entry. */
  static Consent consent(ConsentEntry entry, Instant at, ConsentTexts texts) {
    return new Consent(
        entry.kind(),
        entry.id(),
        ConsentRegister.status(entry, at),
        entry.recipient(),
        entry.childIds(),
        entry.pregnancyIds(),
        entry.recordKinds(),
        entry.textVersion(),
        texts
            .find(entry.kind(), entry.textVersion())
            .map(t -> new Localized(t.titleJa(), t.titleEn()))
            .orElse(null),
        entry.agreedAt(),
        entry.expiresAt(),
        entry.withdrawnAt());
  }

  static Text text(ConsentTexts.Text text) {
    return new Text(
        text.kind(),
        text.version(),
        text.effectiveFrom(),
        text.legacy(),
        new Localized(text.titleJa(), text.titleEn()),
        new Localized(text.textJa(), text.textEn()));
  }
}
