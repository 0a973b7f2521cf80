package app.sukoyaka.family.sharing;

import app.sukoyaka.family.FamilyBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Bodies of the family sharing API (see api-spec). */
public final class SharingBodies {
  private SharingBodies() {}

  /** What the inviter shares: children they are a guardian of, pregnancies that are hers. */
  @Serdeable
  public record NewInvitation(@Nullable List<UUID> childIds, @Nullable List<UUID> pregnancyIds) {}

  @Serdeable
  public record SharedChild(UUID id, @Nullable String displayName, LocalDate birthDate) {}

  @Serdeable
  public record SharedPregnancy(
      UUID id,
      FamilyBodies.HandbookNumber handbookNumber,
      @Nullable LocalDate expectedDeliveryDate) {}

  /**
   * A new invitation, the only time its code is shown.
   *
   * @param code the one-time code to tell the other guardian (K7QM-2XRD-9FHT)
   * @param deepLink the app link with the code (mobile-contract route {@code invitation})
   * @param qrSvg the deep link as a QR code, SVG, for the other guardian's phone to scan
   */
  @Serdeable
  public record CreatedInvitation(
      UUID id,
      String code,
      String deepLink,
      String qrSvg,
      Instant expiresAt,
      List<SharedChild> children,
      List<SharedPregnancy> pregnancies) {}

  /**
   * An invitation the guardian sent or accepted.
   *
   * @param role inviter or invitee: which side of it the caller is
   * @param status pending, expired, accepted, cancelled, locked, revoked, left or ended
   */
  @Serdeable
  public record Invitation(
      UUID id,
      String role,
      String status,
      @Nullable String inviterName,
      @Nullable String inviteeName,
      @Nullable String relationship,
      List<SharedChild> children,
      List<SharedPregnancy> pregnancies,
      Instant createdAt,
      Instant expiresAt,
      @Nullable Instant acceptedAt,
      @Nullable Instant endedAt) {}

  @Serdeable
  public record Invitations(List<Invitation> invitations) {}

  /** The invitee's own details, needed only when they have no record here yet. */
  @Serdeable
  public record NewPerson(
      String familyName,
      String givenName,
      @Nullable String familyNameKana,
      @Nullable String givenNameKana,
      LocalDate birthDate,
      @Nullable String sex) {}

  /**
   * @param relationship father or other: how the invitee is related to the shared children
   */
  @Serdeable
  public record Acceptance(String code, String relationship, @Nullable NewPerson person) {}

  /**
   * @param signInAgain true when the caller had no record here: their token still says resident,
   *     the app exchanges its ID token again to act as a guardian
   */
  @Serdeable
  public record Accepted(Invitation invitation, boolean signInAgain) {}

  /**
   * One change of the family's sharing.
   *
   * @param event invited, accepted, attempt_refused, locked, cancelled, revoked, left or
   *     account_deleted
   * @param actor inviter, invitee, someone (a wrong code was typed) or system
   */
  @Serdeable
  public record SharingEvent(
      UUID id,
      String event,
      String actor,
      Instant occurredAt,
      @Nullable UUID invitationId,
      @Nullable String inviterName,
      @Nullable String inviteeName,
      List<UUID> childIds,
      List<UUID> pregnancyIds) {}

  @Serdeable
  public record SharingLog(List<SharingEvent> events) {}
}
