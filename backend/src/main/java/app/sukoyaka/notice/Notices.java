package app.sukoyaka.notice;

import app.sukoyaka.immunization.ImmunizationForecasts;
import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What municipal staff do with notices: draft, edit, attach PDFs, see how many the audience
 * reaches, and send. Every step checks the caller is staff of the notice's municipality.
 */
@Singleton
class Notices {
  private final NoticeStore store;
  private final AudienceStore audiences;
  private final Areas areas;
  private final NoticeSending sending;
  private final StoredForecastBatch forecasts;
  private final Set<String> vaccineIds;
  private final CheckupAges checkupAges;
  private final StaffAccess staff;
  private final NoticeConfiguration configuration;
  private final Clock clock;

  Notices(
      NoticeStore store,
      AudienceStore audiences,
      Areas areas,
      NoticeSending sending,
      StoredForecastBatch forecasts,
      ImmunizationForecasts engine,
      CheckupAges checkupAges,
      StaffAccess staff,
      NoticeConfiguration configuration,
      Clock clock) {
    this.store = store;
    this.audiences = audiences;
    this.areas = areas;
    this.sending = sending;
    this.forecasts = forecasts;
    this.vaccineIds = Set.copyOf(engine.schedule().vaccineIds());
    this.checkupAges = checkupAges;
    this.staff = staff;
    this.configuration = configuration;
    this.clock = clock;
  }

  // --- notices -----------------------------------------------------------------------------

  StoredNotice compose(Principal principal, NoticeBodies.NoticeDraft draft) {
    UUID municipalityId = staff.municipality(principal);
    NoticeContent content = read(draft, municipalityId);
    return store.create(municipalityId, content, principal.subject());
  }

  StoredNotice edit(Principal principal, UUID noticeId, NoticeBodies.NoticeDraft draft) {
    StoredNotice notice = notice(principal, noticeId, AccessPolicy.Action.WRITE, "edit-notice");
    refuseSent(notice);
    return store.update(noticeId, read(draft, notice.municipalityId()), principal.subject());
  }

  void delete(Principal principal, UUID noticeId) {
    StoredNotice notice = notice(principal, noticeId, AccessPolicy.Action.WRITE, "delete-notice");
    refuseSent(notice);
    store.delete(noticeId);
  }

  StoredNotice get(Principal principal, UUID noticeId) {
    return notice(principal, noticeId, AccessPolicy.Action.READ, "read-notice");
  }

  record Page(List<StoredNotice> items, long total) {}

  Page list(Principal principal, String status, int page, int size) {
    UUID municipalityId = staff.municipality(principal);
    return new Page(
        store.list(municipalityId, status, page, size), store.count(municipalityId, status));
  }

  private NoticeContent read(NoticeBodies.NoticeDraft draft, UUID municipalityId) {
    NoticeContent content = NoticeDrafts.read(draft, clock.instant(), LocalDate.now(clock));
    if (content.audienceId() != null) {
      boolean ours =
          audiences
              .find(content.audienceId())
              .map(a -> a.municipalityId().equals(municipalityId))
              .orElse(false);
      if (!ours) {
        throw new ProblemException(
            ErrorCode.NOTICE_CONTENT_INVALID,
            "audienceId: no saved audience of your municipality has this id.",
            List.of(new ProblemException.FieldError("audienceId", "unknown audience")));
      }
    }
    return content;
  }

  /** The notice, when the caller is staff of its municipality. */
  StoredNotice notice(Principal principal, UUID noticeId, AccessPolicy.Action action, String what) {
    staff.municipality(principal);
    StoredNotice notice =
        store
            .find(noticeId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such notice."));
    staff.require(principal, action, notice.id(), notice.municipalityId(), what);
    return notice;
  }

  private static void refuseSent(StoredNotice notice) {
    if (notice.sent()) {
      throw new ProblemException(
          ErrorCode.NOTICE_ALREADY_SENT,
          "This notice was sent and cannot be changed; send a new notice to correct it.");
    }
  }

  // --- attachments -------------------------------------------------------------------------

  StoredNotice.StoredAttachment attach(
      Principal principal, UUID noticeId, String fileName, InputStream body) {
    StoredNotice notice =
        notice(principal, noticeId, AccessPolicy.Action.WRITE, "attach-to-notice");
    refuseSent(notice);
    String name = fileName(fileName);
    if (notice.attachments().size() >= configuration.attachmentsPerNotice()) {
      throw new ProblemException(
          ErrorCode.NOTICE_ATTACHMENT_LIMIT,
          "A notice carries at most "
              + configuration.attachmentsPerNotice()
              + " attachments; remove one first.");
    }
    byte[] bytes = readLimited(body, configuration.attachmentMaxBytes());
    PdfPolicy.check(bytes)
        .ifPresent(
            finding -> {
              throw new ProblemException(
                  finding.refusal() == PdfPolicy.Refusal.NOT_A_PDF
                      ? ErrorCode.NOTICE_ATTACHMENT_NOT_PDF
                      : ErrorCode.NOTICE_ATTACHMENT_ACTIVE_CONTENT,
                  finding.reason());
            });
    return store.attach(
        noticeId,
        notice.municipalityId(),
        name,
        bytes,
        sha256(bytes),
        principal.subject(),
        configuration.attachmentsPerNotice());
  }

  void detach(Principal principal, UUID noticeId, UUID attachmentId) {
    StoredNotice notice =
        notice(principal, noticeId, AccessPolicy.Action.WRITE, "detach-from-notice");
    refuseSent(notice);
    if (!store.detach(noticeId, attachmentId)) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "This notice has no such attachment.");
    }
  }

  NoticeStore.AttachmentContent attachment(Principal principal, UUID noticeId, UUID attachmentId) {
    notice(principal, noticeId, AccessPolicy.Action.READ, "read-notice-attachment");
    return store
        .attachmentContent(noticeId, attachmentId)
        .orElseThrow(
            () -> new ProblemException(ErrorCode.NOT_FOUND, "This notice has no such attachment."));
  }

  /** A file name to show and save as: a PDF's name without directories or control characters. */
  static String fileName(String given) {
    String name = given == null ? "" : given.strip();
    boolean usable =
        name.length() >= 5
            && name.length() <= 200
            && name.toLowerCase(Locale.ROOT).endsWith(".pdf")
            && !name.startsWith(".")
            && name.chars()
                .noneMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"');
    if (!usable) {
      throw new ProblemException(
          ErrorCode.NOTICE_ATTACHMENT_FILE_NAME,
          "fileName: a name ending in .pdf, 5 to 200 characters, without / \\ \" or control"
              + " characters.",
          List.of(new ProblemException.FieldError("fileName", "not a usable PDF file name")));
    }
    return name;
  }

  /** Reads the upload, refusing it as soon as it grows past the limit. */
  private static byte[] readLimited(InputStream body, long limit) {
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes((int) limit + 1);
      if (bytes.length > limit) {
        throw new ProblemException(
            ErrorCode.NOTICE_ATTACHMENT_TOO_LARGE,
            "An attachment may be at most " + limit + " bytes (" + mebibytes(limit) + ").");
      }
      if (bytes.length == 0) {
        throw new ProblemException(
            ErrorCode.NOTICE_ATTACHMENT_NOT_PDF, "The upload is empty; send the PDF's bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- audience counts and sending ---------------------------------------------------------

  /** How many the draft's audience reaches today, and how many of them on paper. */
  NoticeSending.Counts recipientCount(Principal principal, UUID noticeId) {
    StoredNotice notice =
        notice(principal, noticeId, AccessPolicy.Action.READ, "count-notice-recipients");
    AudienceQuery query = audienceOf(notice);
    LocalDate today = LocalDate.now(clock);
    return sending.count(
        notice.municipalityId(),
        query,
        vaccineChildren(notice.municipalityId(), query, today),
        notice.content().kind(),
        today);
  }

  /** How many an unsaved query reaches today, for staff building an audience. */
  NoticeSending.Counts count(
      Principal principal, NoticeBodies.AudienceQuery given, String kindCode) {
    UUID municipalityId = staff.municipality(principal);
    NoticeKind kind = NoticeKind.OFFICIAL;
    if (kindCode != null) {
      kind =
          NoticeKind.of(kindCode)
              .orElseThrow(
                  () ->
                      new ProblemException(
                          ErrorCode.NOTICE_CONTENT_INVALID,
                          "kind: must be official or consent_request",
                          List.of(new ProblemException.FieldError("kind", "unknown kind"))));
    }
    AudienceQuery query = query(municipalityId, given);
    LocalDate today = LocalDate.now(clock);
    return sending.count(
        municipalityId, query, vaccineChildren(municipalityId, query, today), kind, today);
  }

  StoredNotice send(Principal principal, UUID noticeId) {
    StoredNotice notice = notice(principal, noticeId, AccessPolicy.Action.WRITE, "send-notice");
    refuseSent(notice);
    NoticeDrafts.checkSendable(notice.content(), clock.instant(), LocalDate.now(clock));
    AudienceQuery query = audienceOf(notice);
    LocalDate today = LocalDate.now(clock);
    sending.send(
        principal,
        notice.id(),
        notice.content().audienceId(),
        query,
        vaccineChildren(notice.municipalityId(), query, today),
        today);
    return store.find(noticeId).orElseThrow();
  }

  private AudienceQuery audienceOf(StoredNotice notice) {
    UUID audienceId = notice.content().audienceId();
    AudienceStore.StoredAudience audience =
        audienceId == null ? null : audiences.find(audienceId).orElse(null);
    if (audience == null || !audience.municipalityId().equals(notice.municipalityId())) {
      throw new ProblemException(
          ErrorCode.NOTICE_NO_AUDIENCE,
          "Choose the notice's audience (audienceId, a saved audience) before counting or"
              + " sending.");
    }
    return AudienceQueries.read(audience.query(), vaccineIds, checkupAges);
  }

  /** Reads a query and refuses areas the municipality does not have. */
  AudienceQuery query(UUID municipalityId, NoticeBodies.AudienceQuery given) {
    AudienceQuery query = AudienceQueries.read(given, vaccineIds, checkupAges);
    Set<String> unknown = areas.unknown(municipalityId, query.areas());
    if (!unknown.isEmpty()) {
      throw new ProblemException(
          ErrorCode.NOTICE_AREA_UNKNOWN,
          "areas: your municipality has no area " + String.join(", ", unknown) + ".",
          unknown.stream().map(code -> new ProblemException.FieldError("areas", code)).toList());
    }
    return query;
  }

  /**
   * The children of the municipality whose forecast today meets the query's vaccine criterion, by
   * the forecaster over every stored child; null when the query has no such criterion.
   */
  private Set<UUID> vaccineChildren(UUID municipalityId, AudienceQuery query, LocalDate today) {
    if (query.vaccine() == null) {
      return null;
    }
    Set<String> vaccines = query.vaccine().vaccines();
    Set<Status> statuses = query.vaccine().statuses();
    Set<UUID> matched = ConcurrentHashMap.newKeySet();
    forecasts.forEachForecast(
        municipalityId,
        today,
        child -> {
          for (Map.Entry<String, Status> vaccine :
              StoredForecastBatch.statuses(child.forecast()).entrySet()) {
            if ((vaccines.isEmpty() || vaccines.contains(vaccine.getKey()))
                && statuses.contains(vaccine.getValue())) {
              matched.add(child.childId());
              return;
            }
          }
        });
    return matched;
  }
}
