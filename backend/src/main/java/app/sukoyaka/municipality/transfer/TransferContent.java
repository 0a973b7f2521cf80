package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.municipality.transfer.HandbookPackage.Facility;
import app.sukoyaka.municipality.transfer.HandbookPackage.HandbookNumber;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingCheckup;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingFinding;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingVaccination;
import app.sukoyaka.municipality.transfer.HandbookPackage.PackageChild;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON forms of transferred records. One form serves three purposes: the mandatory items
 * (最低限電子化すべき項目) staff enter when there is no electronic handbook to take over, the content of a
 * record shown in a conflict (ours beside theirs), and what a conflict's resolution applies. A
 * finding is {@code {"item": "body-weight", "quantity": {"value": 6.4, "unit": "kg"}}} (or {@code
 * code}/{@code text}, {@code boolean}, {@code integer}, {@code date}, {@code dateTime}, {@code
 * string}); a vaccination has the members of a staff entry ({@code vaccine}, {@code date}, {@code
 * dose}, {@code product}, {@code routine}, {@code lotNumber}, {@code performer}, {@code country},
 * {@code note}). Pure.
 */
final class TransferContent {
  // Numbers are read as written (6.480 stays 6.480), not through a double.
  static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(
              com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern MEDICAL_INSTITUTION_CODE = Pattern.compile("[0-9]{10}");
  private static final Pattern SEX = Pattern.compile("female|male|unknown");
  private static final int MAX_TEXT = 1000;
  private static final int MAX_RECORDS = 500;

  private TransferContent() {}

  // --- The mandatory items entered as JSON ------------------------------------------------------

  /**
   * Reads the mandatory items staff entered: the child, its checkups with their findings and its
   * vaccinations. Each record's key is what identifies it in the child's handbook (the checkup kind
   * and day, the vaccine and day), so that entering the same items twice adds nothing.
   *
   * @param errors collects every malformed member, with its path
   */
  static HandbookPackage items(
      JsonNode body,
      Sender previous,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      List<FieldError> errors) {
    PackageChild child = child(body.path("child"), "child", errors);
    List<IncomingCheckup> checkups = new ArrayList<>();
    JsonNode checkupNodes = body.path("checkups");
    if (!checkupNodes.isMissingNode() && !checkupNodes.isArray()) {
      errors.add(new FieldError("checkups", "a list of checkups"));
    }
    Set<RecordKey> keys = new HashSet<>();
    int index = 0;
    for (JsonNode node : iterable(checkupNodes)) {
      String at = "checkups/" + index++;
      IncomingCheckup checkup = checkup(node, at, catalog, errors);
      if (checkup != null && !keys.add(checkup.key())) {
        errors.add(new FieldError(at, "this checkup (kind and day) is listed twice"));
      }
      if (checkup != null) {
        checkups.add(checkup);
      }
    }
    List<IncomingVaccination> vaccinations = new ArrayList<>();
    JsonNode vaccinationNodes = body.path("vaccinations");
    if (!vaccinationNodes.isMissingNode() && !vaccinationNodes.isArray()) {
      errors.add(new FieldError("vaccinations", "a list of vaccinations"));
    }
    index = 0;
    for (JsonNode node : iterable(vaccinationNodes)) {
      String at = "vaccinations/" + index++;
      Optional<VaccinationDraft> draft = vaccination(node, at, vaccines, errors);
      if (draft.isEmpty()) {
        continue;
      }
      RecordKey key = new RecordKey(previous.code(), naturalKey(draft.get()));
      if (!keys.add(key)) {
        errors.add(new FieldError(at, "this vaccination (vaccine and day) is listed twice"));
        continue;
      }
      vaccinations.add(new IncomingVaccination(key, draft.get(), null, null, false, at));
    }
    if (checkups.size() + vaccinations.size() > MAX_RECORDS) {
      errors.add(new FieldError("", "at most " + MAX_RECORDS + " records at once"));
    }
    List<IncomingCheckup> keyed = new ArrayList<>();
    for (IncomingCheckup checkup : checkups) {
      keyed.add(
          new IncomingCheckup(
              checkup.key().withDefaultMunicipality(previous.code()),
              checkup.kind(),
              checkup.encounterClass(),
              checkup.kindName(),
              checkup.visitDate(),
              checkup.facility(),
              checkup.findings(),
              checkup.at()));
    }
    return new HandbookPackage(
        HandbookPackage.Kind.HANDBOOK,
        previous,
        null,
        null,
        child == null ? placeholderChild() : child,
        keyed,
        vaccinations,
        List.of());
  }

  /** Stands in for a child that could not be read; the errors say why, nothing is stored. */
  private static PackageChild placeholderChild() {
    return new PackageChild(null, null, null, null, LocalDate.EPOCH, "unknown", 1, List.of());
  }

  /** The key of a vaccination taken over without an id of its own: its vaccine and day. */
  static String naturalKey(VaccinationDraft draft) {
    ImmunizationRecord.Coding coding = draft.codings().get(0);
    String vaccine =
        coding.system().equals(SukoyakaCanonicals.VACCINE_KIND_SYSTEM)
            ? coding.code()
            : coding.system() + "|" + coding.code();
    return "vaccination/" + vaccine + "/" + draft.date();
  }

  /** The key of a checkup taken over without an id of its own: its kind and day. */
  static String naturalKey(String kind, LocalDate date) {
    return "checkup/" + kind + "/" + date;
  }

  private static PackageChild child(JsonNode node, String at, List<FieldError> errors) {
    if (!node.isObject()) {
      errors.add(new FieldError(at, "required: the child as the handbook names it"));
      return null;
    }
    LocalDate birthDate = date(node.path("birthDate"), at + "/birthDate", true, errors);
    String sex = text(node.path("sex"));
    if (sex == null || !SEX.matcher(sex).matches()) {
      errors.add(new FieldError(at + "/sex", "female, male or unknown"));
    }
    int birthOrder = 1;
    JsonNode order = node.path("birthOrder");
    if (!order.isMissingNode() && !order.isNull()) {
      if (!order.canConvertToInt() || order.asInt() < 1 || order.asInt() > 8) {
        errors.add(new FieldError(at + "/birthOrder", "1 to 8"));
      } else {
        birthOrder = order.asInt();
      }
    }
    List<HandbookNumber> numbers = new ArrayList<>();
    JsonNode handbook = node.path("handbook");
    String issuer = text(handbook.path("municipalityCode"));
    String number = text(handbook.path("number"));
    if (issuer == null || !SukoyakaCanonicals.isMunicipalityCode(issuer)) {
      errors.add(
          new FieldError(
              at + "/handbook/municipalityCode",
              "the 全国地方公共団体コード (6 digits) of the municipality that issued the handbook"));
    } else if (number == null || number.length() > 50) {
      errors.add(new FieldError(at + "/handbook/number", "the handbook's 交付番号, as printed"));
    } else {
      numbers.add(new HandbookNumber(issuer, number));
    }
    if (birthDate == null || sex == null || !SEX.matcher(sex).matches() || numbers.isEmpty()) {
      return null;
    }
    return new PackageChild(
        limited(node.path("familyName"), at + "/familyName", errors),
        limited(node.path("givenName"), at + "/givenName", errors),
        limited(node.path("familyNameKana"), at + "/familyNameKana", errors),
        limited(node.path("givenNameKana"), at + "/givenNameKana", errors),
        birthDate,
        sex,
        birthOrder,
        numbers);
  }

  private static IncomingCheckup checkup(
      JsonNode node, String at, CheckupItemCatalog catalog, List<FieldError> errors) {
    if (!node.isObject()) {
      errors.add(new FieldError(at, "a checkup"));
      return null;
    }
    String kind = text(node.path("kind"));
    if (kind == null || catalog.kind(kind).isEmpty()) {
      errors.add(new FieldError(at + "/kind", "a checkup kind of the catalog"));
    }
    LocalDate date = date(node.path("date"), at + "/date", true, errors);
    Facility facility = facility(node.path("facility"), at + "/facility", errors);
    List<IncomingFinding> findings = new ArrayList<>();
    int index = 0;
    for (JsonNode finding : iterable(node.path("findings"))) {
      String findingAt = at + "/findings/" + index++;
      finding(finding, findingAt, catalog, "o" + index, errors).ifPresent(findings::add);
    }
    if (kind == null || date == null) {
      return null;
    }
    String encounterClass =
        catalog
            .kind(kind)
            .map(
                k ->
                    k.encounterClasses().contains("AMB")
                        ? "AMB"
                        : k.encounterClasses().iterator().next())
            .orElse("AMB");
    return new IncomingCheckup(
        new RecordKey(null, naturalKey(kind, date)),
        kind,
        encounterClass,
        limited(node.path("kindName"), at + "/kindName", errors),
        date,
        facility,
        findings,
        at);
  }

  private static Facility facility(JsonNode node, String at, List<FieldError> errors) {
    if (!node.isObject()) {
      errors.add(
          new FieldError(
              at, "required: the facility (name and 医療機関コード), or the place of a 集団健診 (name)"));
      return new Facility(null, null);
    }
    String code = text(node.path("medicalInstitutionCode"));
    if (code != null && !MEDICAL_INSTITUTION_CODE.matcher(code).matches()) {
      errors.add(new FieldError(at + "/medicalInstitutionCode", "a 10-digit 医療機関コード"));
    }
    String name = limited(node.path("name"), at + "/name", errors);
    return new Facility(code, name);
  }

  /** One finding in the JSON form; its value is read by the type its item's catalog entry has. */
  static Optional<IncomingFinding> finding(
      JsonNode node,
      String at,
      CheckupItemCatalog catalog,
      String observation,
      List<FieldError> errors) {
    String code = text(node.path("item"));
    Optional<CatalogItem> item = code == null ? Optional.empty() : catalog.byCode(code);
    if (item.isEmpty()) {
      errors.add(new FieldError(at + "/item", "an item code of the checkup catalog"));
      return Optional.empty();
    }
    Optional<FindingValue> value = value(node, item.get(), at, errors);
    return value.map(
        v ->
            new IncomingFinding(
                observation, code, v, SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM, code, at));
  }

  private static Optional<FindingValue> value(
      JsonNode node, CatalogItem item, String at, List<FieldError> errors) {
    switch (item.valueType()) {
      case QUANTITY:
        {
          JsonNode quantity = node.path("quantity");
          JsonNode number = quantity.path("value");
          String unit = text(quantity.path("unit"));
          if (!number.isNumber() || unit == null) {
            errors.add(
                new FieldError(
                    at + "/quantity",
                    "a value and its UCUM unit, one of "
                        + item.units().stream().map(u -> u.ucum()).toList()));
            return Optional.empty();
          }
          return Optional.of(new FindingValue.Quantity(number.decimalValue(), unit));
        }
      case CODED:
        {
          String answer = text(node.path("code"));
          Optional<AnswerCode> found =
              item.answers().stream().filter(a -> a.code().equals(answer)).findFirst();
          if (found.isEmpty()) {
            errors.add(
                new FieldError(
                    at + "/code",
                    "one of " + item.answers().stream().map(AnswerCode::code).toList()));
            return Optional.empty();
          }
          String text = limited(node.path("text"), at + "/text", errors);
          return Optional.of(
              new FindingValue.Coded(found.get().system(), found.get().code(), text));
        }
      case BOOLEAN:
        if (!node.path("boolean").isBoolean()) {
          errors.add(new FieldError(at + "/boolean", "true or false"));
          return Optional.empty();
        }
        return Optional.of(new FindingValue.Flag(node.path("boolean").asBoolean()));
      case INTEGER:
        if (!node.path("integer").canConvertToInt() || !node.path("integer").isIntegralNumber()) {
          errors.add(new FieldError(at + "/integer", "a whole number"));
          return Optional.empty();
        }
        return Optional.of(new FindingValue.WholeNumber(node.path("integer").asInt()));
      case DATE:
        {
          LocalDate date = date(node.path("date"), at + "/date", true, errors);
          return date == null ? Optional.empty() : Optional.of(new FindingValue.Day(date));
        }
      case DATETIME:
        try {
          return Optional.of(
              new FindingValue.Moment(
                  java.time.OffsetDateTime.parse(node.path("dateTime").asText()).toInstant()));
        } catch (DateTimeParseException e) {
          errors.add(
              new FieldError(at + "/dateTime", "a date and time with its offset (RFC 3339)"));
          return Optional.empty();
        }
      case STRING:
      default:
        {
          String text = limited(node.path("string"), at + "/string", errors);
          if (text == null) {
            errors.add(new FieldError(at + "/string", "a text"));
            return Optional.empty();
          }
          return Optional.of(new FindingValue.Text(text));
        }
    }
  }

  /** A vaccination in the members of a staff entry. */
  static Optional<VaccinationDraft> vaccination(
      JsonNode node, String at, VaccineCatalog vaccines, List<FieldError> errors) {
    if (!node.isObject()) {
      errors.add(new FieldError(at, "a vaccination"));
      return Optional.empty();
    }
    int before = errors.size();
    JsonNode vaccine = node.path("vaccine");
    ImmunizationRecord.Coding coding = null;
    String kind = text(vaccine.path("kind"));
    if (kind != null) {
      coding =
          vaccines
              .kind(kind)
              .map(
                  k ->
                      new ImmunizationRecord.Coding(
                          SukoyakaCanonicals.VACCINE_KIND_SYSTEM, k.code(), k.label().ja()))
              .orElse(null);
      if (coding == null) {
        errors.add(new FieldError(at + "/vaccine/kind", "a vaccine kind of the catalog"));
      }
    } else if (text(vaccine.path("system")) != null && text(vaccine.path("code")) != null) {
      coding =
          new ImmunizationRecord.Coding(
              text(vaccine.path("system")),
              text(vaccine.path("code")),
              text(vaccine.path("display")));
    } else {
      errors.add(new FieldError(at + "/vaccine", "required: kind, or system and code"));
    }
    LocalDate date = date(node.path("date"), at + "/date", true, errors);
    String country = text(node.path("country"));
    if (country != null && !COUNTRY.matcher(country).matches()) {
      errors.add(new FieldError(at + "/country", "an ISO 3166-1 alpha-2 code, such as US"));
    }
    JsonNode performer = node.path("performer");
    String performerCode = text(performer.path("medicalInstitutionCode"));
    if (performerCode != null && !MEDICAL_INSTITUTION_CODE.matcher(performerCode).matches()) {
      errors.add(new FieldError(at + "/performer/medicalInstitutionCode", "a 10-digit 医療機関コード"));
    }
    JsonNode routine = node.path("routine");
    if (!routine.isMissingNode() && !routine.isNull() && !routine.isBoolean()) {
      errors.add(new FieldError(at + "/routine", "true or false"));
    }
    String performerName = limited(performer.path("name"), at + "/performer/name", errors);
    String product = limited(node.path("product"), at + "/product", errors);
    String dose = limited(node.path("dose"), at + "/dose", errors);
    String lot = limited(node.path("lotNumber"), at + "/lotNumber", errors);
    String note = limited(node.path("note"), at + "/note", errors);
    if (errors.size() > before || coding == null || date == null) {
      return Optional.empty();
    }
    return Optional.of(
        new VaccinationDraft(
            List.of(coding),
            date,
            product,
            dose,
            null,
            routine.isBoolean() ? routine.asBoolean() : null,
            lot,
            performerName,
            performerCode,
            country,
            note));
  }

  // --- Content of a record, as shown in a conflict and digested to tell a change --------------

  /**
   * A vaccination's content: what it says, without who recorded it or when.
   *
   * @param performerCode the 医療機関コード of where it was given, or null
   */
  static ObjectNode vaccinationContent(
      LocalDate date,
      ImmunizationRecord.Coding vaccine,
      String kind,
      String product,
      String dose,
      boolean routine,
      String lotNumber,
      String performerCode,
      String performerName,
      String country,
      String note,
      boolean retracted) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "immunization");
    node.put("status", retracted ? "entered-in-error" : "completed");
    ObjectNode coding = node.putObject("vaccine");
    if (kind != null) {
      coding.put("kind", kind);
    }
    coding.put("system", vaccine.system());
    coding.put("code", vaccine.code());
    if (vaccine.display() != null) {
      coding.put("display", vaccine.display());
    }
    node.put("date", date.toString());
    node.put("product", product);
    node.put("dose", dose);
    node.put("routine", routine);
    node.put("lotNumber", lotNumber);
    ObjectNode performer = node.putObject("performer");
    performer.put("medicalInstitutionCode", performerCode);
    performer.put("name", performerName);
    node.put("country", country);
    node.put("note", note);
    return node;
  }

  /** A finding of a checkup's content. */
  record ContentFinding(String itemCode, FindingValue value) {}

  /** A checkup's content: the visit and its current findings in catalog order. */
  static ObjectNode checkupContent(
      String kind,
      String encounterClass,
      String kindName,
      LocalDate date,
      Facility facility,
      List<ContentFinding> findings) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "checkup");
    node.put("kind", kind);
    node.put("class", encounterClass);
    node.put("kindName", kindName);
    node.put("date", date.toString());
    ObjectNode place = node.putObject("facility");
    // A 集団健診 has no 医療機関コード; its place alone names it.
    if (facility.medicalInstitutionCode() != null) {
      place.put("medicalInstitutionCode", facility.medicalInstitutionCode());
    }
    place.put("name", facility.name());
    ArrayNode list = node.putArray("findings");
    List<ObjectNode> nodes = new ArrayList<>();
    for (ContentFinding finding : findings) {
      nodes.add(findingNode(finding.itemCode(), finding.value()));
    }
    nodes.sort(Comparator.comparing(ObjectNode::toString));
    nodes.forEach(list::add);
    return node;
  }

  /** A finding in the JSON form. */
  static ObjectNode findingNode(String itemCode, FindingValue value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("item", itemCode);
    if (value instanceof FindingValue.Quantity q) {
      ObjectNode quantity = node.putObject("quantity");
      // As measured: 6.480 kg stays 6.480 (the canonical form compares it as 6.48).
      quantity.put("value", q.value());
      quantity.put("unit", q.unit());
    } else if (value instanceof FindingValue.Coded c) {
      node.put("code", c.code());
      if (c.text() != null) {
        node.put("text", c.text());
      }
    } else if (value instanceof FindingValue.Flag f) {
      node.put("boolean", f.value());
    } else if (value instanceof FindingValue.WholeNumber n) {
      node.put("integer", n.value());
    } else if (value instanceof FindingValue.Day d) {
      node.put("date", d.value().toString());
    } else if (value instanceof FindingValue.Moment m) {
      node.put("dateTime", m.value().toString());
    } else if (value instanceof FindingValue.Text t) {
      node.put("string", t.value());
    }
    return node;
  }

  /**
   * The digest that tells whether a record changed: over what the record says, leaving out names a
   * catalog may word differently from one version to the next (the vaccine's display, a facility's
   * name when its code is given).
   */
  static String digest(ObjectNode content) {
    ObjectNode compared = content.deepCopy();
    JsonNode vaccine = compared.path("vaccine");
    if (vaccine instanceof ObjectNode v) {
      v.remove("display");
    }
    for (String member : new String[] {"performer", "facility"}) {
      if (compared.path(member) instanceof ObjectNode place
          && !place.path("medicalInstitutionCode").isNull()
          && !place.path("medicalInstitutionCode").isMissingNode()) {
        place.remove("name");
      }
    }
    return sha256(canonical(compared));
  }

  /** The node with its object members in name order, so that equal content digests equally. */
  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(Comparator.naturalOrder());
      StringBuilder out = new StringBuilder("{");
      for (String name : names) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(JSON.getNodeFactory().textNode(name)).append(':');
        out.append(canonical(node.get(name)));
      }
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (JsonNode element : node) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(canonical(element));
      }
      return out.append(']').toString();
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return node.toString();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A vaccination's content read back as the draft the rules check (applying theirs). */
  static VaccinationDraft draftOf(JsonNode content) {
    JsonNode vaccine = content.path("vaccine");
    JsonNode performer = content.path("performer");
    JsonNode routine = content.path("routine");
    return new VaccinationDraft(
        List.of(
            new ImmunizationRecord.Coding(
                vaccine.path("system").asText(),
                vaccine.path("code").asText(),
                text(vaccine.path("display")))),
        LocalDate.parse(content.path("date").asText()),
        text(content.path("product")),
        text(content.path("dose")),
        null,
        routine.isBoolean() ? routine.asBoolean() : null,
        text(content.path("lotNumber")),
        text(performer.path("name")),
        text(performer.path("medicalInstitutionCode")),
        text(content.path("country")),
        text(content.path("note")));
  }

  /** A checkup content's findings read back, each as its item and value. */
  static List<ContentFinding> findingsOf(JsonNode content, CheckupItemCatalog catalog) {
    List<ContentFinding> findings = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    for (JsonNode node : iterable(content.path("findings"))) {
      finding(node, "findings", catalog, null, errors)
          .ifPresent(f -> findings.add(new ContentFinding(f.itemCode(), f.value())));
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("Stored content not readable: " + errors);
    }
    return findings;
  }

  /** Whether a content is a withdrawn record's. */
  static boolean retracted(JsonNode content) {
    return "entered-in-error".equals(content.path("status").asText());
  }

  // --- Reading helpers -------------------------------------------------------------------------

  static Iterable<JsonNode> iterable(JsonNode node) {
    if (!node.isArray()) {
      return List.of();
    }
    return () -> {
      Iterator<JsonNode> elements = node.elements();
      return elements;
    };
  }

  static String text(JsonNode node) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      return null;
    }
    return node.asText().strip();
  }

  private static String limited(JsonNode node, String at, List<FieldError> errors) {
    if (!node.isMissingNode() && !node.isNull() && !node.isTextual()) {
      errors.add(new FieldError(at, "a text"));
      return null;
    }
    String text = text(node);
    if (text != null && text.length() > MAX_TEXT) {
      errors.add(new FieldError(at, "at most " + MAX_TEXT + " characters"));
      return null;
    }
    return text;
  }

  static LocalDate date(JsonNode node, String at, boolean required, List<FieldError> errors) {
    String text = text(node);
    if (text == null) {
      if (required) {
        errors.add(new FieldError(at, "required: a date (YYYY-MM-DD)"));
      }
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(at, "a date (YYYY-MM-DD)"));
      return null;
    }
  }
}
