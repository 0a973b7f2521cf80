package app.sukoyaka.platform;

/**
 * Every error the service reports, with a stable code that clients and operators can rely on. Codes
 * are never reused or renumbered; a unit test fails on duplicates.
 */
public enum ErrorCode {
  INTERNAL("SKY-0001", 500, "Internal error"),
  SERVICE_UNAVAILABLE("SKY-0002", 503, "Service unavailable"),
  ROUTE_NOT_FOUND("SKY-0003", 404, "No such endpoint"),
  METHOD_NOT_ALLOWED("SKY-0004", 405, "Method not allowed"),
  UNSUPPORTED_MEDIA_TYPE("SKY-0005", 415, "Unsupported media type"),
  REQUEST_TOO_LARGE("SKY-0006", 413, "Request body too large"),
  NOT_ACCEPTABLE("SKY-0007", 406, "Not acceptable"),

  AUTHENTICATION_REQUIRED("SKY-1001", 401, "Authentication required"),
  INVALID_TOKEN("SKY-1002", 401, "Invalid access token"),
  FORBIDDEN("SKY-1003", 403, "Access denied"),
  MUNICIPALITY_NOT_SERVED("SKY-1004", 403, "Municipality not served by this clinic"),
  WRONG_ROLE("SKY-1005", 403, "Not available for this role"),
  DEMO_UNKNOWN_ROLE("SKY-1101", 400, "Unknown demo role"),
  DEMO_UNKNOWN_SUBJECT("SKY-1102", 400, "Unknown demo identity"),

  FHIR_MALFORMED("SKY-2001", 400, "Malformed FHIR resource"),
  FHIR_NOT_A_BUNDLE("SKY-2002", 400, "Not a Bundle"),
  FHIR_PROFILE_VIOLATION("SKY-2003", 422, "Resource does not conform to the profile"),
  FHIR_UNKNOWN_HANDBOOK("SKY-2004", 422, "Unknown handbook number"),
  FHIR_BUNDLE_STRUCTURE("SKY-2005", 422, "Bundle content not supported"),
  FHIR_IMPLAUSIBLE_VALUE("SKY-2006", 422, "Implausible value"),
  FHIR_IDEMPOTENCY_CONFLICT("SKY-2007", 409, "Bundle identifier already used for other content"),
  FHIR_WRONG_RESOURCE_TYPE("SKY-2008", 400, "Wrong resource type"),
  FHIR_ID_MISMATCH("SKY-2009", 400, "Resource id does not match the URL"),
  FHIR_VERSION_CONFLICT("SKY-2010", 412, "The resource has changed since that version"),
  FHIR_NOT_THE_SUBMITTER("SKY-2011", 403, "Only the clinic that submitted a record corrects it"),
  FHIR_ITEM_NOT_AT_THIS_CHECKUP("SKY-2012", 422, "Item not recorded at this kind of checkup"),
  FHIR_ITEM_WRONG_SUBJECT("SKY-2013", 422, "Item is not about this person"),
  FHIR_EPDS_TOTAL_MISMATCH("SKY-2014", 422, "EPDS total score differs from the sum of the answers"),
  FHIR_ENCOUNTER_SUBJECT_MISMATCH(
      "SKY-2015", 422, "The Encounter's subject is not the person its kind of checkup is about"),
  FHIR_CONCURRENT_REGISTRATION(
      "SKY-2016", 409, "The child was recorded by another submission at the same time; retry"),

  NOT_FOUND("SKY-3001", 404, "Not found"),
  INVALID_PARAMETER("SKY-3002", 400, "Invalid parameter"),
  INVALID_BODY("SKY-3003", 400, "Invalid request body"),
  GONE("SKY-3004", 410, "Retracted"),

  IMMUNIZATION_MALFORMED_DATE("SKY-4001", 400, "Malformed date"),
  IMMUNIZATION_DATE_IN_FUTURE("SKY-4002", 422, "Date in the future"),
  IMMUNIZATION_DATE_BEFORE_BIRTH("SKY-4003", 422, "Date before birth"),
  IMMUNIZATION_UNKNOWN_VACCINE("SKY-4004", 422, "Unknown vaccine"),
  IMMUNIZATION_UNKNOWN_DOSE("SKY-4005", 422, "Unknown dose"),
  IMMUNIZATION_DOSE_OUT_OF_ORDER("SKY-4006", 422, "Dose out of order"),
  IMMUNIZATION_UNKNOWN_PRODUCT("SKY-4007", 422, "Unknown product"),
  IMMUNIZATION_UNKNOWN_FLAG("SKY-4008", 422, "Unknown flag"),
  IMMUNIZATION_NOT_COVERED_BY_MEASURE(
      "SKY-4009", 422, "Vaccine not covered by the long-term illness measure"),

  // Vaccination records (予防接種の記録): clinic intake, family and staff entries, verification.
  IMMUNIZATION_VACCINE_NOT_IDENTIFIED(
      "SKY-4101", 422, "Vaccine not identified by a vaccine kind the catalog knows"),
  IMMUNIZATION_NOT_FOR_THIS_PERSON("SKY-4102", 422, "Vaccine not given to this person"),
  IMMUNIZATION_NOT_ROUTINE("SKY-4103", 422, "Vaccination cannot be routine (定期接種)"),
  IMMUNIZATION_DOSE_NOT_IN_SERIES("SKY-4104", 422, "Dose label not of this vaccine's series"),
  IMMUNIZATION_PERFORMER_NOT_SUBMITTER("SKY-4105", 422, "Performer is not the submitting clinic"),
  IMMUNIZATION_NOT_COMPLETED("SKY-4106", 422, "Only vaccinations given are recorded"),
  IMMUNIZATION_ALREADY_DECIDED("SKY-4107", 409, "Record already verified or rejected"),
  IMMUNIZATION_NOT_DECIDABLE("SKY-4108", 403, "Only staff of the family's municipality decide"),
  // The digital 予診票 and the visit token (QR code).
  PRESCREENING_UNKNOWN_QUESTION("SKY-4201", 422, "Unknown question"),
  PRESCREENING_WRONG_ANSWER_TYPE("SKY-4202", 422, "Answer of the wrong type"),
  PRESCREENING_MISSING_ANSWER("SKY-4203", 422, "Required answer missing"),
  PRESCREENING_ANSWER_OUT_OF_RANGE("SKY-4204", 422, "Answer out of range"),
  PRESCREENING_QUESTION_NOT_ASKED("SKY-4205", 422, "Question not asked for this vaccination"),
  PRESCREENING_UNKNOWN_VACCINE("SKY-4206", 422, "Not a vaccine of the questionnaire"),
  PRESCREENING_PLANNED_DATE("SKY-4207", 422, "Planned date not possible"),
  PRESCREENING_REDEEMED("SKY-4208", 409, "The questionnaire was already shown at a visit"),
  VISIT_TOKEN_UNKNOWN("SKY-4211", 404, "Unknown visit token"),
  VISIT_TOKEN_EXPIRED("SKY-4212", 410, "Visit token expired"),
  VISIT_TOKEN_OTHER_CLINIC("SKY-4213", 403, "Visit token redeemed by another clinic"),

  // Stored children's schedules, flags and forecasts (SKY-43xx).
  IMMUNIZATION_FLAG_STAFF_ONLY("SKY-4301", 403, "Only municipal staff set this flag"),
  IMMUNIZATION_FLAG_SET_BY_STAFF("SKY-4302", 403, "Set by the municipality; only staff clear it"),
  IMMUNIZATION_FORECAST_INPUT("SKY-4303", 422, "Forecast input not usable"),

  // Push delivery: devices, the delivery log (SKY-5001..5049).
  PUSH_DEVICE_INVALID("SKY-5001", 422, "Device registration not valid"),
  PUSH_DEVICE_NOT_FOUND("SKY-5002", 404, "No such device"),
  PUSH_TOO_MANY_DEVICES("SKY-5003", 409, "Too many devices registered"),
  PUSH_MESSAGE_NOT_FOUND("SKY-5004", 404, "No such push message"),
  PUSH_NO_PERSON("SKY-5005", 404, "No person on record for this login"),
  PUSH_INVALID_PAGE("SKY-5006", 400, "Invalid page of the delivery log"),
  // Notices (お知らせ), online-delivery consent, the guardian inbox and follow-up (SKY-5101..5149).
  NOTICE_CONTENT_INVALID("SKY-5101", 422, "Notice content not usable"),
  NOTICE_LINK_NOT_HTTPS("SKY-5102", 422, "Link is not an https URL"),
  NOTICE_QUESTION_INVALID("SKY-5103", 422, "Question not usable"),
  NOTICE_ATTACHMENT_NOT_PDF("SKY-5104", 422, "Attachment is not a PDF"),
  NOTICE_ATTACHMENT_ACTIVE_CONTENT("SKY-5105", 422, "PDF with active content refused"),
  NOTICE_ATTACHMENT_TOO_LARGE("SKY-5106", 413, "Attachment too large"),
  NOTICE_ATTACHMENT_LIMIT("SKY-5107", 409, "Notice has the most attachments allowed"),
  NOTICE_ATTACHMENT_FILE_NAME("SKY-5108", 422, "Attachment file name not usable"),
  NOTICE_ALREADY_SENT("SKY-5109", 409, "Notice already sent; a sent notice cannot be changed"),
  NOTICE_AUDIENCE_INVALID("SKY-5110", 422, "Audience query not usable"),
  NOTICE_AREA_UNKNOWN("SKY-5111", 422, "Unknown area"),
  NOTICE_NO_AUDIENCE("SKY-5112", 409, "Notice has no audience"),
  NOTICE_NO_RECIPIENTS("SKY-5113", 409, "Nobody matches the notice's audience"),
  NOTICE_NOT_SENT("SKY-5114", 409, "Notice not sent yet"),
  NOTICE_REPLY_NO_QUESTION("SKY-5115", 409, "The notice asks no question"),
  NOTICE_REPLY_INVALID("SKY-5116", 422, "Answer does not fit the question"),
  NOTICE_REPLY_DEADLINE_PASSED("SKY-5117", 409, "Reply deadline has passed"),
  NOTICE_REPLY_ONCE_ONLY("SKY-5118", 409, "Already answered; this notice takes one answer"),
  NOTICE_AUDIENCE_NAME_TAKEN("SKY-5119", 409, "An audience of that name exists"),
  // Reminders and the guardian's notification settings (SKY-5201..5249).
  NOTIFICATION_LANGUAGE_UNSUPPORTED("SKY-5201", 422, "Language not offered"),
  NOTIFICATION_QUIET_HOURS_INVALID("SKY-5202", 422, "Quiet hours not a time of day (HH:mm)"),
  NOTIFICATION_UNKNOWN_REMINDER_KIND("SKY-5203", 422, "Unknown reminder kind"),
  REMINDER_RUN_DATE("SKY-5204", 422, "No reminder run for that day"),
  REMINDER_RUN_TAKEN("SKY-5205", 409, "The day's reminder run is running or done"),
  REMINDER_UNKNOWN_CHECKUP("SKY-5206", 422, "Not a checkup the reminders know"),
  // The pregnancy notification (妊娠届出) online: signature, form, review, handbook issue and the
  // 妊婦健診 vouchers (SKY-5301..5349).
  SIGNATURE_MALFORMED("SKY-5301", 400, "Signed application is not a JWS compact serialisation"),
  SIGNATURE_ALGORITHM_NOT_ACCEPTED("SKY-5302", 422, "Signature algorithm not accepted"),
  SIGNATURE_NO_CERTIFICATE("SKY-5303", 422, "No signing certificate chain (x5c)"),
  SIGNATURE_CERTIFICATE_MALFORMED("SKY-5304", 422, "Signing certificate not readable"),
  SIGNATURE_KEY_USAGE("SKY-5305", 422, "Certificate is not for electronic signatures"),
  SIGNATURE_INVALID("SKY-5306", 422, "Signature does not match the signed content"),
  SIGNATURE_UNTRUSTED(
      "SKY-5307", 422, "Certificate not issued by a trusted certification authority"),
  SIGNATURE_CERTIFICATE_EXPIRED("SKY-5308", 422, "Signing certificate expired"),
  SIGNATURE_CERTIFICATE_NOT_YET_VALID("SKY-5309", 422, "Signing certificate not yet valid"),
  SIGNATURE_CERTIFICATE_REVOKED("SKY-5310", 422, "Signing certificate revoked"),
  SIGNATURE_REVOCATION_UNKNOWN(
      "SKY-5311", 503, "Revocation status of the certificate cannot be determined now"),
  SIGNATURE_CHAIN_INVALID("SKY-5312", 422, "Certificate chain not valid"),
  APPLICATION_FORM_INVALID(
      "SKY-5313", 422, "Pregnancy notification form not complete or not valid"),
  APPLICATION_INDIVIDUAL_NUMBER("SKY-5314", 422, "An Individual Number must not be sent"),
  APPLICATION_UNKNOWN_MUNICIPALITY("SKY-5315", 422, "Municipality not served here"),
  APPLICATION_NOT_AWAITING_REVIEW("SKY-5316", 409, "Notification is not awaiting review"),
  APPLICATION_NOT_AWAITING_CORRECTION("SKY-5317", 409, "Notification is not awaiting a correction"),
  APPLICATION_MESSAGE_REQUIRED("SKY-5318", 422, "A message to the applicant is required"),
  APPLICATION_OTHER_MUNICIPALITY(
      "SKY-5319", 422, "A corrected version cannot move the notification to another municipality"),
  VOUCHER_UNKNOWN("SKY-5320", 404, "No such prenatal checkup voucher"),
  VOUCHER_ALREADY_USED("SKY-5321", 409, "Voucher already used"),
  VOUCHER_PREGNANCY_NOT_ACTIVE("SKY-5322", 409, "Pregnancy of the voucher is no longer active"),
  VOUCHER_VISIT_DATE_INVALID("SKY-5323", 422, "Visit date not usable"),

  // Parents' own records and growth (SKY-5401..5449).
  OWN_RECORD_INVALID("SKY-5401", 422, "Own record not usable"),
  OWN_RECORD_NOT_FOUND("SKY-5402", 404, "No such own record"),
  OWN_RECORD_VERSION_CONFLICT("SKY-5403", 409, "The record changed since the app's version"),
  OWN_RECORD_BASE_VERSION_REQUIRED(
      "SKY-5404", 428, "Base version required (If-Match or baseVersion)"),
  OWN_RECORD_CLIENT_ID_REUSED("SKY-5405", 422, "Client id already used for another record"),
  OWN_RECORD_FAMILY_ONLY("SKY-5406", 403, "Only the family writes its own records"),
  OWN_RECORD_NOT_FOR_CLINICS("SKY-5407", 403, "Clinics do not read the family's own records"),
  GROWTH_MEASURE_UNKNOWN("SKY-5408", 400, "Unknown growth measure"),
  GROWTH_LANGUAGE_UNSUPPORTED("SKY-5409", 400, "Language not offered for the chart"),
  GROWTH_NO_REFERENCE("SKY-5410", 409, "No growth reference for this child"),

  // Family sharing, data download and account deletion (SKY-5501..5549).
  SHARING_NOTHING_TO_SHARE("SKY-5501", 422, "Name at least one child or pregnancy to share"),
  SHARING_NOT_YOURS(
      "SKY-5502", 403, "Only a guardian shares a child; only she shares her pregnancy"),
  SHARING_MIXED_MUNICIPALITIES("SKY-5503", 422, "One invitation shares one municipality's records"),
  SHARING_TOO_MANY_PENDING("SKY-5504", 409, "Too many invitations waiting to be accepted"),
  SHARING_CODE_MALFORMED("SKY-5505", 422, "Not an invitation code"),
  SHARING_CODE_UNKNOWN("SKY-5506", 404, "No invitation with this code"),
  SHARING_CODE_EXPIRED("SKY-5507", 410, "Invitation expired"),
  SHARING_TOO_MANY_ATTEMPTS("SKY-5508", 429, "Too many wrong codes; try again later"),
  SHARING_OWN_INVITATION("SKY-5509", 409, "An invitation is accepted by the other guardian"),
  SHARING_PERSON_REQUIRED("SKY-5510", 422, "Name and date of birth are needed to join"),
  SHARING_NOTHING_NEW("SKY-5511", 409, "You already see everything this invitation shares"),
  SHARING_INVITATION_NOT_FOUND("SKY-5512", 404, "No such invitation of yours"),
  SHARING_INVITATION_ENDED("SKY-5513", 409, "Invitation already ended"),
  ACCOUNT_NO_PERSON("SKY-5520", 404, "No account on record for this login"),
  ACCOUNT_DELETION_PENDING("SKY-5521", 409, "Deletion already requested"),
  ACCOUNT_NO_DELETION_REQUEST("SKY-5522", 404, "No deletion request waiting"),

  // The guardian's language and calendar (SKY-5601..5649).
  LANGUAGE_NOT_OFFERED("SKY-5601", 422, "Language not offered"),
  CALENDAR_UNKNOWN("SKY-5602", 422, "Calendar not known"),

  // The handbook's home, timeline and record details (SKY-5701..5799).
  HANDBOOK_CURSOR_INVALID("SKY-5701", 400, "Not a cursor of this timeline"),
  HANDBOOK_LIMIT_OUT_OF_RANGE("SKY-5702", 400, "Page size out of range"),
  HANDBOOK_RECORD_NOT_IN_HANDBOOK("SKY-5703", 404, "No such record in this handbook"),

  SYNC_CURSOR_INVALID("SKY-5801", 400, "Not a sync cursor; start over without one"),

  // The municipal dashboard in the browser (SKY-5901..5999).
  DASHBOARD_CSRF("SKY-5901", 403, "Form not sent from this session's page"),
  DASHBOARD_LIST_UNKNOWN("SKY-5902", 404, "No such list"),
  DASHBOARD_FIGURE_UNKNOWN("SKY-5903", 404, "No such figure"),
  DASHBOARD_FILTER_INVALID("SKY-5904", 400, "Filter or sort not accepted by this list"),
  DASHBOARD_WORK_ITEM_UNKNOWN("SKY-5905", 404, "Not an item of this work list"),
  DASHBOARD_WORK_ITEM_STATUS("SKY-5906", 422, "Unknown status or note too long"),
  DASHBOARD_LOGIN_FAILED("SKY-5907", 401, "Sign-in failed"),
  DASHBOARD_LOGIN_STATE("SKY-5908", 400, "Sign-in expired or not started here"),
  DASHBOARD_CROSS_SITE("SKY-5909", 403, "Request from another site refused"),
  DASHBOARD_EXPORT_TOO_LARGE("SKY-5910", 413, "Too many rows to export; filter the list"),
  DASHBOARD_LANGUAGE("SKY-5911", 422, "Language not offered by the dashboard"),
  DASHBOARD_NOTICE_FORM("SKY-5912", 422, "Notice form incomplete"),

  // Transfers between municipalities (転入・転出), re-query, corrections and their propagation,
  // late registrations (SKY-6001..6099).
  TRANSFER_BUNDLE_UNREADABLE("SKY-6001", 400, "Not a handbook Bundle"),
  TRANSFER_BUNDLE_INVALID("SKY-6002", 422, "Handbook Bundle does not conform to the profiles"),
  TRANSFER_NO_CHILD("SKY-6003", 422, "Handbook Bundle names no child, or several"),
  TRANSFER_RECORDS_INVALID("SKY-6004", 422, "Records taken over break the rules"),
  TRANSFER_OTHER_CHILD("SKY-6005", 409, "The handbook is another child's"),
  TRANSFER_PREVIOUS_MUNICIPALITY(
      "SKY-6006", 422, "Previous municipality not named, or not the one the handbook names"),
  TRANSFER_CONSENT_REQUIRED("SKY-6007", 422, "The family's consent is required"),
  TRANSFER_GUARDIAN_UNKNOWN("SKY-6008", 422, "Guardian not a person of this municipality"),
  TRANSFER_CONFLICT_RESOLVED("SKY-6009", 409, "Conflict already resolved"),
  TRANSFER_CONFLICT_NOT_APPLICABLE("SKY-6010", 409, "This change cannot be applied as it stands"),
  TRANSFER_REQUERY_DONE("SKY-6011", 409, "Re-query already done"),
  TRANSFER_DESTINATION_INVALID("SKY-6012", 422, "Destination municipality not usable"),
  CORRECTION_INVALID("SKY-6013", 422, "Correction not usable"),
  CORRECTION_VERSION_CONFLICT("SKY-6014", 409, "The record changed since that version"),
  CORRECTION_CONTACT_STATUS("SKY-6015", 409, "A contact's status only moves forward"),
  WORK_LIST_UNKNOWN("SKY-6016", 404, "No such work list"),

  // Bulk import from municipalities' legacy health-management systems (SKY-6101..6199): the file
  // and the job (6101..6109), then each row's problems as the error report lists them (6110..).
  BULK_IMPORT_UNKNOWN_SYSTEM("SKY-6101", 422, "No import mapping of that name"),
  BULK_IMPORT_FILE_NOT_MAPPED("SKY-6102", 422, "The file's header fits no layout of the mapping"),
  BULK_IMPORT_FILE_TOO_LARGE("SKY-6103", 413, "Import file too large"),
  BULK_IMPORT_EMPTY_FILE("SKY-6104", 422, "The file has no rows"),
  BULK_IMPORT_STOPPED("SKY-6105", 500, "The import stopped before the end of the file"),
  BULK_IMPORT_MAPPING_NOT_FOR_MUNICIPALITY(
      "SKY-6106", 403, "The mapping is configured for other municipalities"),
  IMPORT_ROW_MALFORMED("SKY-6110", 422, "Row cannot be read"),
  IMPORT_VALUE_MISSING("SKY-6111", 422, "Required value missing"),
  IMPORT_BAD_DATE("SKY-6112", 422, "Not a date in the mapping's style"),
  IMPORT_BAD_NUMBER("SKY-6113", 422, "Not a number"),
  IMPORT_UNKNOWN_CODE("SKY-6114", 422, "Value not among the mapping's codes"),
  IMPORT_CHILD_NOT_FOUND("SKY-6115", 422, "No such child in the municipality"),
  IMPORT_CHILD_MISMATCH("SKY-6116", 422, "The row's child differs from the child on record"),
  IMPORT_DATE_OUT_OF_RANGE("SKY-6117", 422, "Date in the future or before birth"),
  IMPORT_IMPLAUSIBLE_VALUE("SKY-6118", 422, "Implausible value"),
  IMPORT_ITEM_NOT_AT_CHECKUP("SKY-6119", 422, "Item not recorded at this kind of checkup"),
  IMPORT_AGE_MISMATCH("SKY-6120", 422, "Stated age differs from the dates"),
  IMPORT_CONFLICTS_WITH_EARLIER_IMPORT(
      "SKY-6121", 409, "Imported before with other content; correct the record instead"),
  IMPORT_DUPLICATE_ROW_DIFFERS("SKY-6122", 422, "The same record twice in the file, differently"),
  IMPORT_BAD_FACILITY_CODE("SKY-6123", 422, "Not a 医療機関コード"),
  IMPORT_RESIDENT_NUMBER_TAKEN("SKY-6124", 409, "Resident number belongs to another child"),

  // The My Portal / PMH link: consent flow, link, import (SKY-6401..6499).
  MY_PORTAL_NOT_AVAILABLE("SKY-6401", 503, "The My Portal link is not set up"),
  MY_PORTAL_LINK_REQUEST_INVALID("SKY-6402", 422, "Link request not valid"),
  MY_PORTAL_STATE_UNKNOWN("SKY-6403", 400, "Unknown or already used authorisation"),
  MY_PORTAL_STATE_EXPIRED("SKY-6404", 400, "The authorisation took too long"),
  MY_PORTAL_CONSENT_DENIED("SKY-6405", 400, "Not agreed at My Portal"),
  MY_PORTAL_CODE_REFUSED("SKY-6406", 502, "My Portal refused the authorisation"),
  MY_PORTAL_UNREACHABLE("SKY-6407", 502, "My Portal cannot be reached"),
  MY_PORTAL_LINK_NOT_FOUND("SKY-6408", 404, "No such My Portal link"),
  MY_PORTAL_LINK_ENDED("SKY-6409", 409, "The My Portal link has ended"),
  MY_PORTAL_LINK_EXPIRED("SKY-6410", 409, "The My Portal link has expired"),
  MY_PORTAL_LINK_REFUSED("SKY-6411", 409, "My Portal no longer accepts the link"),
  MY_PORTAL_NO_PERSON("SKY-6412", 404, "No person on record for this login"),
  CONSENT_KIND_UNKNOWN("SKY-6601", 404, "No such kind of consent"),
  CONSENT_NOT_FOUND("SKY-6602", 404, "No such consent of yours"),
  CONSENT_TEXT_NOT_FOUND("SKY-6603", 404, "No such consent text"),
  ACCESS_HISTORY_BAD_FILTER("SKY-6610", 400, "Invalid filter of the access history"),
  ACCESS_HISTORY_NOT_YOURS(
      "SKY-6611", 403, "The child or pregnancy is not in your family's handbook"),
  ACCESS_HISTORY_TOO_LARGE("SKY-6612", 413, "Too many rows to export at once; narrow the period"),
  // A child who moved with its handbook, and bulk import of children, prenatal checkups
  // (SKY-6301..6399).
  CLINIC_CHILD_MOVED_AWAY(
      "SKY-6301", 422, "The child moved to another municipality before the visit"),
  IMPORT_CHILD_IDENTITY_INCOMPLETE(
      "SKY-6310", 422, "The row lacks what a child not yet on record is recorded by"),
  IMPORT_PREGNANCY_NOT_FOUND(
      "SKY-6311", 422, "No pregnancy of the municipality for this person at this visit"),
  IMPORT_PERSON_MISMATCH(
      "SKY-6312", 422, "The row's pregnant person differs from the one on record"),
  // The dashboard's pages of the work lists and of bulk import (SKY-6201..6299).
  BULK_IMPORT_KIND_MISMATCH("SKY-6201", 422, "The file holds another kind of record than chosen"),
  WORK_LIST_ACTION_UNKNOWN("SKY-6202", 404, "No such action on this work-list item"),
  WORK_LIST_ACTION_INVALID("SKY-6203", 422, "Action's form incomplete or its file not usable"),
  DASHBOARD_UPLOAD_INVALID("SKY-6204", 422, "Upload form incomplete"),
  APP_NOT_CONSENTED("SKY-6501", 403, "Not within what the guardian consented to"),
  APP_ROUTE_NOT_ALLOWED("SKY-6502", 403, "Apps reach only the FHIR read API"),
  APP_GRANT_NOT_FOUND("SKY-6503", 404, "No such app access in your handbook"),
  APP_AUTHORIZATION_INVALID("SKY-6504", 400, "The app's authorization request is not valid"),
  APP_AUTHORIZATION_EXPIRED(
      "SKY-6505", 400, "Authorization not started in this browser, used already or expired"),
  APP_LOGIN_FAILED("SKY-6506", 400, "The login for an app's authorization did not succeed"),
  // Faults of what the service depends on (SKY-7001..7099).
  DATABASE_UNAVAILABLE(
      "SKY-7001", 503, "The database does not answer; nothing was changed, try again shortly"),

  // Token hardening, rate limits (security).
  RATE_LIMITED("SKY-6901", 429, "Too many requests; try again later"),
  // PHR: the visit QR grant as a consent, settling My Portal conflicts (SKY-6801..6899).
  VISIT_GRANT_WITHDRAWN("SKY-6801", 410, "The family withdrew this visit QR code"),
  MY_PORTAL_CONFLICT_NOT_FOUND("SKY-6802", 404, "No such My Portal conflict"),
  MY_PORTAL_CONFLICT_NOT_OPEN("SKY-6803", 409, "This My Portal conflict is no longer open"),
  MY_PORTAL_CONFLICT_CHOICE_INVALID(
      "SKY-6804", 422, "Choose the portal's values (portal) or ours (ours)"),
  MY_PORTAL_CONFLICT_RECORD_CHANGED(
      "SKY-6805", 409, "Our record changed or was withdrawn since the conflict was found"),
  // Limits and bad input of any request (SKY-7101..7199).
  REQUEST_JSON_LIMIT("SKY-7103", 400, "JSON value beyond the parser's limits"),
  REQUEST_MALFORMED_JSON("SKY-7104", 400, "Malformed JSON body"),
  REQUEST_TEXT_NOT_STORABLE(
      "SKY-7105", 400, "The text holds a character that cannot be stored (U+0000)"),
  // Portability: a pregnancy and received notices taken over from another Sukoyaka
  // (SKY-7401..7499).
  PREGNANCY_TRANSFER_UNREADABLE("SKY-7401", 400, "Not a download Bundle"),
  PREGNANCY_TRANSFER_INVALID(
      "SKY-7402", 422, "The download's pregnancy records break the format or the rules"),
  PREGNANCY_TRANSFER_NOT_HERS(
      "SKY-7403", 422, "The pregnancy is another person's; the pregnant person takes it over"),
  PREGNANCY_TRANSFER_NO_PREGNANCY("SKY-7404", 422, "The download holds no pregnancy to take over"),
  PREGNANCY_TRANSFER_CONSENT_REQUIRED("SKY-7405", 422, "Her consent is required"),
  PREGNANCY_TRANSFER_PREVIOUS_MUNICIPALITY(
      "SKY-7406", 422, "Previous municipality missing, invalid or this one"),
  PREGNANCY_TRANSFER_HANDBOOK_TAKEN(
      "SKY-7407", 409, "The handbook number is another pregnancy's in this municipality"),
  // Questionnaire answers (the EPDS of a 産婦健診) taken over with a handbook or a pregnancy
  // (SKY-7410..7419).
  TRANSFER_ANSWERS_INVALID(
      "SKY-7410",
      422,
      "Questionnaire answers break their questionnaire (a score outside its range, an answer"
          + " missing or given twice, a total not the sum)"),
  // Bad input of any request, continued (SKY-7106..7109).
  REQUEST_TEXT_NOT_UNICODE(
      "SKY-7106", 400, "The text is not valid Unicode (half of a surrogate pair)");

  private final String code;
  private final int status;
  private final String title;

  ErrorCode(String code, int status, String title) {
    this.code = code;
    this.status = status;
    this.title = title;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
