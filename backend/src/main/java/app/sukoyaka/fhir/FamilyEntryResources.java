package app.sukoyaka.fhir;

import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.records.OwnRecord;
import app.sukoyaka.family.records.OwnRecordItems;
import app.sukoyaka.family.records.OwnRecordKind;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * What the family wrote themselves and the notices they received, as FHIR resources of the family's
 * download, and read back by another Sukoyaka taking the download in. A parent's own record is an
 * Observation (category {@link #OWN_RECORD_KIND_SYSTEM}, the item in {@link
 * #OWN_RECORD_ITEM_SYSTEM}; a measurement as a UCUM Quantity, a milestone's or question's answer as
 * a code, the words as a string or note, whose column it is as the performer); a record of a
 * pregnancy is about the pregnant person, its pregnancy named in {@code focus}. A notice is a
 * Communication from the municipality to the guardian (its title as topic, its text as payload,
 * when it arrived and was first read, online or on paper as medium); each reply is a Communication
 * from the guardian in response to it. Base R4 resources: no Sukoyaka profile constrains them, and
 * the codes are our own provisional CodeSystems. Pure.
 */
public final class FamilyEntryResources {
  public static final String OWN_RECORD_KIND_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/own-record-kind";
  public static final String OWN_RECORD_ITEM_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/own-record-item";
  public static final String OWN_RECORD_ANSWER_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/own-record-answer";
  public static final String OWN_RECORD_AUTHOR_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/own-record-author";
  public static final String PREGNANCY_SYSTEM = SukoyakaCanonicals.BASE_URL + "/pregnancy-id";
  public static final String NOTICE_KIND_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/notice-kind";
  public static final String NOTICE_CHANNEL_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/notice-channel";
  public static final String NOTICE_REPLY_CATEGORY = "notice-reply";
  private static final String UCUM = "http://unitsofmeasure.org";

  private FamilyEntryResources() {}

  /** A notice the guardian received, with their replies. */
  public record ReceivedNotice(
      UUID noticeId,
      String municipalityName,
      String kind,
      String titleJa,
      String bodyJa,
      String channel,
      Instant sentAt,
      Instant readAt,
      List<Reply> replies) {
    public ReceivedNotice {
      replies = List.copyOf(replies);
    }
  }

  /** A reply: the choices (comma-separated), a day and words, as answered; superseded ones kept. */
  public record Reply(
      UUID id,
      String choices,
      LocalDate dateAnswer,
      String textAnswer,
      Instant answeredAt,
      Instant supersededAt) {}

  // --- Own records ---------------------------------------------------------------------------

  /**
   * A parent's own record as an Observation.
   *
   * @param subject the child, or the pregnant person of the pregnancy
   * @param pregnancy the pregnancy of a pregnancy's record, else null
   */
  public static Observation observation(OwnRecord record, UUID subject, Pregnancy pregnancy) {
    Observation observation = new Observation();
    observation.setId(record.id().toString());
    observation.addIdentifier(
        new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + record.id()));
    observation.setStatus(
        record.version() > 1
            ? Observation.ObservationStatus.AMENDED
            : Observation.ObservationStatus.FINAL);
    observation.addCategory(
        new CodeableConcept(
            new Coding(OWN_RECORD_KIND_SYSTEM, record.kind().code(), kindLabel(record.kind()))));
    String item = record.item() == null ? record.kind().code() : record.item();
    observation.setCode(
        new CodeableConcept(new Coding(OWN_RECORD_ITEM_SYSTEM, item, null)).setText(item));
    observation.setSubject(new Reference("Patient/" + subject));
    if (pregnancy != null) {
      observation.addFocus(
          new Reference()
              .setIdentifier(
                  new Identifier().setSystem(PREGNANCY_SYSTEM).setValue(pregnancy.id().toString()))
              .setDisplay(
                  "妊娠"
                      + (pregnancy.expectedDeliveryDate() == null
                          ? ""
                          : "（分娩予定日 " + pregnancy.expectedDeliveryDate() + "）")));
    }
    observation.setEffective(new DateTimeType(record.date().toString()));
    observation.setIssued(Date.from(record.updatedAt()));
    if (record.author() != null) {
      observation.addPerformer(
          new Reference()
              .setIdentifier(
                  new Identifier().setSystem(OWN_RECORD_AUTHOR_SYSTEM).setValue(record.author()))
              .setDisplay(record.author()));
    }
    boolean textIsValue = false;
    if (record.quantityValue() != null) {
      observation.setValue(
          new Quantity()
              .setValue(record.quantityValue())
              .setUnit(record.quantityUnit())
              .setSystem(UCUM)
              .setCode(record.quantityUnit()));
    } else if (record.answer() != null) {
      observation.setValue(
          new CodeableConcept(new Coding(OWN_RECORD_ANSWER_SYSTEM, record.answer(), null)));
    } else if (record.text() != null) {
      observation.setValue(new StringType(record.text()));
      textIsValue = true;
    }
    if (record.text() != null && !textIsValue) {
      observation.addNote().setText(record.text());
    }
    return observation;
  }

  /** Whether an Observation of a download is a parent's own record. */
  public static boolean isOwnRecord(Observation observation) {
    return observation.getCategory().stream()
        .flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> OWN_RECORD_KIND_SYSTEM.equals(c.getSystem()));
  }

  /** An own record read back: what the family wrote, and the pregnancy it is of (or null). */
  public record OwnEntry(OwnRecord.Content content, String pregnancyId) {}

  /**
   * An own record of a download read back.
   *
   * @throws IllegalArgumentException when it does not say what an own record says
   */
  public static OwnEntry ownEntry(Observation observation) {
    OwnRecordKind kind =
        observation.getCategory().stream()
            .flatMap(c -> c.getCoding().stream())
            .filter(c -> OWN_RECORD_KIND_SYSTEM.equals(c.getSystem()))
            .map(c -> OwnRecordKind.of(c.getCode()))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no own-record kind"));
    String item =
        observation.getCode().getCoding().stream()
            .filter(c -> OWN_RECORD_ITEM_SYSTEM.equals(c.getSystem()))
            .map(Coding::getCode)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no own-record item"));
    if (!observation.hasEffectiveDateTimeType()) {
      throw new IllegalArgumentException("no day (effectiveDateTime)");
    }
    LocalDate date = LocalDate.parse(observation.getEffectiveDateTimeType().getValueAsString());
    BigDecimal quantity = null;
    String unit = null;
    String answer = null;
    String text = null;
    if (observation.hasValueQuantity()) {
      quantity = observation.getValueQuantity().getValue();
      unit = observation.getValueQuantity().getCode();
    } else if (observation.hasValueCodeableConcept()) {
      answer = observation.getValueCodeableConcept().getCodingFirstRep().getCode();
    } else if (observation.hasValueStringType()) {
      text = observation.getValueStringType().getValue();
    }
    if (observation.hasNote()) {
      text = observation.getNoteFirstRep().getText();
    }
    String author =
        observation.getPerformer().stream()
            .filter(p -> OWN_RECORD_AUTHOR_SYSTEM.equals(p.getIdentifier().getSystem()))
            .map(p -> p.getIdentifier().getValue())
            .findFirst()
            .orElse(null);
    String pregnancy =
        observation.getFocus().stream()
            .filter(f -> PREGNANCY_SYSTEM.equals(f.getIdentifier().getSystem()))
            .map(f -> f.getIdentifier().getValue())
            .findFirst()
            .orElse(null);
    return new OwnEntry(
        new OwnRecord.Content(
            kind,
            kind == OwnRecordKind.DIARY && item.equals(kind.code()) ? null : item,
            date,
            quantity,
            unit,
            answer,
            text,
            author),
        pregnancy);
  }

  /** Whose an own record of a download is about: a child, or a pregnancy. */
  public static OwnRecordItems.Owner ownerOf(OwnEntry entry) {
    return entry.pregnancyId() == null
        ? OwnRecordItems.Owner.CHILD
        : OwnRecordItems.Owner.PREGNANCY;
  }

  private static String kindLabel(OwnRecordKind kind) {
    switch (kind) {
      case MEASUREMENT:
        return "家庭での計測 / Measured at home";
      case MILESTONE:
        return "成長の記録 / Milestone";
      case HANDBOOK_ANSWER:
        return "保護者の記録 / The handbook's questions";
      case DIARY:
        return "日記 / Diary";
      default:
        return "家族の記録 / The family's column";
    }
  }

  // --- Notices ---------------------------------------------------------------------------------

  /** A received notice and its replies as Communications (the notice first). */
  public static List<Communication> communications(ReceivedNotice notice, UUID guardianPersonId) {
    List<Communication> list = new ArrayList<>();
    Communication received = new Communication();
    received.setId(notice.noticeId().toString());
    received.addIdentifier(
        new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + notice.noticeId()));
    received.setStatus(Communication.CommunicationStatus.COMPLETED);
    received.addCategory(new CodeableConcept(new Coding(NOTICE_KIND_SYSTEM, notice.kind(), null)));
    received.addMedium(
        new CodeableConcept(new Coding(NOTICE_CHANNEL_SYSTEM, notice.channel(), null)));
    received.addRecipient(new Reference("Patient/" + guardianPersonId));
    received.setSender(new Reference().setDisplay(notice.municipalityName()));
    if (notice.sentAt() != null) {
      received.setSent(Date.from(notice.sentAt()));
    }
    if (notice.readAt() != null) {
      received.setReceived(Date.from(notice.readAt()));
    }
    received.getTopic().setText(notice.titleJa());
    if (notice.bodyJa() != null) {
      received.addPayload().setContent(new StringType(notice.bodyJa()));
    }
    list.add(received);
    for (Reply reply : notice.replies()) {
      Communication answer = new Communication();
      answer.setId(reply.id().toString());
      answer.setStatus(Communication.CommunicationStatus.COMPLETED);
      answer.addCategory(
          new CodeableConcept(new Coding(NOTICE_KIND_SYSTEM, NOTICE_REPLY_CATEGORY, null)));
      answer.addInResponseTo(new Reference("Communication/" + notice.noticeId()));
      answer.setSender(new Reference("Patient/" + guardianPersonId));
      answer.addRecipient(new Reference().setDisplay(notice.municipalityName()));
      answer.setSent(Date.from(reply.answeredAt()));
      // The parts of a reply as the inbox shows them, each named.
      if (reply.choices() != null) {
        answer.addPayload().setContent(new StringType("選択 / choices: " + reply.choices()));
      }
      if (reply.dateAnswer() != null) {
        answer.addPayload().setContent(new StringType("日付 / date: " + reply.dateAnswer()));
      }
      if (reply.textAnswer() != null) {
        answer.addPayload().setContent(new StringType("記述 / text: " + reply.textAnswer()));
      }
      if (reply.supersededAt() != null) {
        answer
            .addNote()
            .setTime(Date.from(reply.supersededAt()))
            .setText("後の回答で変更 / superseded by a later reply");
      }
      list.add(answer);
    }
    return list;
  }
}
