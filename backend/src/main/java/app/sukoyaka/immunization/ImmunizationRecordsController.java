package app.sukoyaka.immunization;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The vaccination records of a child or a pregnancy in the app and the dashboard: read them, enter
 * a dose (a guardian's is unverified until confirmed; staff's is verified), and confirm or reject a
 * guardian's entry.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class ImmunizationRecordsController {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern MEDICAL_INSTITUTION_CODE = Pattern.compile("[0-9]{10}");
  private static final int MAX_TEXT = 1000;

  private final ImmunizationRecords records;
  private final VaccineCatalog catalog;
  private final ImmunizationRecordViews views;

  ImmunizationRecordsController(ImmunizationRecords records, VaccineCatalog catalog) {
    this.records = records;
    this.catalog = catalog;
    this.views = new ImmunizationRecordViews(catalog);
  }

  @Get(uri = "/children/{childId}/immunizations", produces = MediaType.APPLICATION_JSON)
  ImmunizationRecordBodies.ChildImmunizations child(
      @PathVariable UUID childId, Principal principal) {
    ImmunizationRecords.Records found = records.ofChild(principal, childId);
    return new ImmunizationRecordBodies.ChildImmunizations(
        found.child().id(), found.child().birthDate(), views.bodies(found));
  }

  @Get(uri = "/pregnancies/{pregnancyId}/immunizations", produces = MediaType.APPLICATION_JSON)
  ImmunizationRecordBodies.PregnancyImmunizations pregnancy(
      @PathVariable UUID pregnancyId, Principal principal) {
    ImmunizationRecords.Records found = records.ofPregnancy(principal, pregnancyId);
    return new ImmunizationRecordBodies.PregnancyImmunizations(
        found.pregnancy().id(), views.bodies(found));
  }

  @Post(
      uri = "/children/{childId}/immunizations",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<ImmunizationRecordBodies.RecordBody> enterForChild(
      @PathVariable UUID childId,
      @Body ImmunizationRecordBodies.NewImmunization body,
      Principal principal) {
    StoredImmunization stored =
        records.enterForChild(
            principal,
            childId,
            draft(body),
            ImmunizationRecords.Channel.ENTRY,
            body.source(),
            null);
    return created(stored);
  }

  @Post(
      uri = "/pregnancies/{pregnancyId}/immunizations",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<ImmunizationRecordBodies.RecordBody> enterForPregnancy(
      @PathVariable UUID pregnancyId,
      @Body ImmunizationRecordBodies.NewImmunization body,
      Principal principal) {
    StoredImmunization stored =
        records.enterForPregnancy(
            principal,
            pregnancyId,
            draft(body),
            ImmunizationRecords.Channel.ENTRY,
            body.source(),
            null);
    return created(stored);
  }

  @Post(
      uri = "/immunizations/{recordId}/verification",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  ImmunizationRecordBodies.RecordBody decide(
      @PathVariable UUID recordId,
      @Body ImmunizationRecordBodies.Decision body,
      Principal principal) {
    ImmunizationRecord.Verification decision;
    if ("verified".equals(body.decision())) {
      decision = ImmunizationRecord.Verification.VERIFIED;
    } else if ("rejected".equals(body.decision())) {
      decision = ImmunizationRecord.Verification.REJECTED;
    } else {
      throw invalid("decision", "must be verified or rejected");
    }
    StoredImmunization stored = records.decide(principal, recordId, decision, body.reason());
    return views.body(stored, facilityOf(stored));
  }

  private HttpResponse<ImmunizationRecordBodies.RecordBody> created(StoredImmunization stored) {
    return HttpResponse.<ImmunizationRecordBodies.RecordBody>status(HttpStatus.CREATED)
        .body(views.body(stored, facilityOf(stored)));
  }

  private java.util.Map<UUID, Facility> facilityOf(StoredImmunization stored) {
    return records.facilitiesOf(List.of(stored));
  }

  /** The entry as the rules read it; malformed members are refused here, by name. */
  private VaccinationDraft draft(ImmunizationRecordBodies.NewImmunization body) {
    ImmunizationRecordBodies.NewVaccine vaccine = body.vaccine();
    if (vaccine == null) {
      throw invalid("vaccine", "required: kind, or system and code");
    }
    ImmunizationRecord.Coding coding;
    if (vaccine.kind() != null) {
      coding =
          catalog
              .kind(vaccine.kind())
              .map(
                  kind ->
                      new ImmunizationRecord.Coding(
                          SukoyakaCanonicals.VACCINE_KIND_SYSTEM, kind.code(), kind.label().ja()))
              .orElseThrow(
                  () ->
                      new ProblemException(
                          ErrorCode.IMMUNIZATION_UNKNOWN_VACCINE,
                          "vaccine.kind: "
                              + vaccine.kind()
                              + " is not a vaccine kind of the catalog.",
                          List.of(
                              new ProblemException.FieldError(
                                  "vaccine.kind", "not a vaccine kind of the catalog"))));
    } else if (notBlank(vaccine.system()) && notBlank(vaccine.code())) {
      coding =
          new ImmunizationRecord.Coding(
              vaccine.system().strip(), vaccine.code().strip(), blankToNull(vaccine.display()));
    } else {
      throw invalid("vaccine", "required: kind, or system and code");
    }
    if (body.date() == null) {
      throw invalid("date", "required");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(body.date());
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_MALFORMED_DATE,
          "date is not a date (YYYY-MM-DD).",
          List.of(new ProblemException.FieldError("date", "not a date (YYYY-MM-DD)")));
    }
    if (body.country() != null && !COUNTRY.matcher(body.country()).matches()) {
      throw invalid("country", "an ISO 3166-1 alpha-2 code in capitals, such as US");
    }
    String performerName = null;
    String performerCode = null;
    if (body.performer() != null) {
      performerName = blankToNull(body.performer().name());
      performerCode = blankToNull(body.performer().medicalInstitutionCode());
      if (performerCode != null && !MEDICAL_INSTITUTION_CODE.matcher(performerCode).matches()) {
        throw invalid("performer.medicalInstitutionCode", "a 10-digit 医療機関コード");
      }
    }
    for (String[] text :
        new String[][] {
          {"note", body.note()},
          {"lotNumber", body.lotNumber()},
          {"performer.name", performerName},
          {"dose", body.dose()}
        }) {
      if (text[1] != null && text[1].length() > MAX_TEXT) {
        throw invalid(text[0], "at most " + MAX_TEXT + " characters");
      }
    }
    return new VaccinationDraft(
        List.of(coding),
        date,
        blankToNull(body.product()),
        blankToNull(body.dose()),
        null,
        body.routine(),
        body.lotNumber(),
        performerName,
        performerCode,
        body.country(),
        body.note());
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(
        ErrorCode.INVALID_BODY,
        field + ": " + message,
        List.of(new ProblemException.FieldError(field, message)));
  }

  private static boolean notBlank(String text) {
    return text != null && !text.isBlank();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
