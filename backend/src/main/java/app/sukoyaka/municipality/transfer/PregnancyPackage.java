package app.sukoyaka.municipality.transfer;

import app.sukoyaka.family.records.OwnRecords;
import app.sukoyaka.municipality.transfer.HandbookPackage.HandbookNumber;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingCheckup;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingVaccination;
import app.sukoyaka.municipality.transfer.HandbookPackage.Skipped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pregnant person's handbook as the family's download from another Sukoyaka carries it, before
 * any rule is applied: the person as named there, each of her pregnancies with its 妊婦健診 (and other
 * visits of the pregnancy), her vaccinations during it and her own records, and the notices the
 * previous municipality sent the one who downloaded it; and the names of the municipalities where
 * its records were first registered, by code, as the download named them.
 */
public record PregnancyPackage(
    String documentId,
    Instant producedAt,
    String patientId,
    String familyName,
    String givenName,
    String familyNameKana,
    String givenNameKana,
    LocalDate birthDate,
    List<IncomingPregnancy> pregnancies,
    List<IncomingNotice> notices,
    List<Skipped> skipped,
    Map<String, String> originNames) {

  public PregnancyPackage {
    Objects.requireNonNull(birthDate, "birthDate");
    pregnancies = List.copyOf(pregnancies);
    notices = List.copyOf(notices);
    skipped = List.copyOf(skipped);
    originNames = Map.copyOf(originNames);
  }

  /** A download that names no municipality where its records were first registered. */
  public PregnancyPackage(
      String documentId,
      Instant producedAt,
      String patientId,
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      LocalDate birthDate,
      List<IncomingPregnancy> pregnancies,
      List<IncomingNotice> notices,
      List<Skipped> skipped) {
    this(
        documentId,
        producedAt,
        patientId,
        familyName,
        givenName,
        familyNameKana,
        givenNameKana,
        birthDate,
        pregnancies,
        notices,
        skipped,
        Map.of());
  }

  /**
   * One pregnancy.
   *
   * @param originId its id where it was recorded
   * @param handbook the handbook number and its issuer, or null
   * @param status active, delivered or ended
   * @param at where in the input it is, for errors
   */
  public record IncomingPregnancy(
      String originId,
      HandbookNumber handbook,
      LocalDate handbookIssuedOn,
      LocalDate expectedDeliveryDate,
      int fetusCount,
      String status,
      List<IncomingCheckup> checkups,
      List<IncomingVaccination> vaccinations,
      List<OwnRecords.Brought> ownRecords,
      String at) {
    public IncomingPregnancy {
      Objects.requireNonNull(originId, "originId");
      checkups = List.copyOf(checkups);
      vaccinations = List.copyOf(vaccinations);
      ownRecords = List.copyOf(ownRecords);
    }
  }

  /**
   * A notice the previous municipality sent, as the download carried it.
   *
   * @param originId its id there
   * @param replies each reply: when it was sent, its parts as the inbox showed them, superseded
   */
  public record IncomingNotice(
      String originId,
      String senderName,
      String kind,
      String channel,
      String title,
      String body,
      Instant sentAt,
      Instant readAt,
      List<IncomingReply> replies) {
    public IncomingNotice {
      replies = List.copyOf(replies);
    }
  }

  /** A reply the guardian sent to a notice. */
  public record IncomingReply(Instant sentAt, List<String> parts, boolean superseded) {
    public IncomingReply {
      parts = List.copyOf(parts);
    }
  }
}
