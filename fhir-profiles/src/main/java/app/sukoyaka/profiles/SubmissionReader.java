package app.sukoyaka.profiles;

import app.sukoyaka.profiles.SubmissionRead.Fallback;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One streaming pass (Jackson's {@link JsonParser}) over a submission's bytes into {@link
 * CheckupSubmission}. It reads only what the submission profiles let a checkup carry and stops at
 * the first thing it is not sure of (an element or extension it does not read, a primitive's
 * extension, contained resources, a duplicate key, a null or empty value, a number not written
 * plainly, anything the strict JSON reader refuses), throwing {@link Unsure} with the reason: the
 * caller then hands the whole submission to HAPI's parser, which decides.
 *
 * <p>Where HAPI's parser would read the same bytes differently (it keeps the last of duplicate
 * keys, treats a null as absent, turns 1e2 into 100, skips a byte order mark, accepts {@code +1}
 * and single quotes), this reader is unsure rather than right, so that what it does read is exactly
 * what HAPI would have read. Not thread-safe: one instance per submission.
 */
final class SubmissionReader {

  /** Strict: no comments, single quotes, leading zeros or plus signs, NaN, trailing commas. */
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private static final String REPRESENTATION_EXTENSION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

  private final JsonParser json;

  private SubmissionReader(JsonParser json) {
    this.json = json;
  }

  /** Thrown when the reader is not sure; carries the reason. No stack trace: it is not an error. */
  static final class Unsure extends Exception {
    private final Fallback reason;

    Unsure(Fallback reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }

    Fallback reason() {
      return reason;
    }
  }

  /**
   * Reads the submission, or throws {@link Unsure}. The bytes must be UTF-8 exactly as the intake's
   * decoder for HAPI takes it (malformed input refused there, unsure here); Jackson then reads the
   * bytes themselves, which for well-formed UTF-8 gives the characters that decoder gives.
   */
  static CheckupSubmission read(byte[] body) throws Unsure {
    if (!Syntax.wellFormedUtf8(body)) {
      throw new Unsure(Fallback.NOT_UTF8);
    }
    if (body.length >= 3
        && body[0] == (byte) 0xEF
        && body[1] == (byte) 0xBB
        && body[2] == (byte) 0xBF) {
      throw new Unsure(Fallback.BYTE_ORDER_MARK);
    }
    // Jackson guesses UTF-16 or UTF-32 from zero bytes; JSON that HAPI's path reads has none.
    if (Syntax.hasZeroByte(body)) {
      throw new Unsure(Fallback.MALFORMED_JSON);
    }
    try (JsonParser parser = JSON.createParser(body)) {
      SubmissionReader reader = new SubmissionReader(parser);
      parser.nextToken();
      CheckupSubmission submission = reader.bundle();
      // HAPI refuses anything after the resource; this reader is not sure about it either.
      if (parser.nextToken() != null) {
        throw new Unsure(Fallback.MALFORMED_JSON);
      }
      return submission;
    } catch (IOException e) {
      // Jackson's syntax errors (JsonParseException), and its limits (nesting, lengths).
      throw new Unsure(Fallback.MALFORMED_JSON);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle and entries

  private CheckupSubmission bundle() throws IOException, Unsure {
    startObject();
    requireResourceType("Bundle");
    String language = null;
    CheckupSubmission.Identifier identifier = null;
    String type = null;
    List<CheckupSubmission.Entry> entries = List.of();
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "language" -> {
          seen = once(seen, 0);
          language = string();
        }
        case "identifier" -> {
          seen = once(seen, 1);
          identifier = identifier();
        }
        case "type" -> {
          seen = once(seen, 2);
          type = string();
        }
        case "entry" -> {
          seen = once(seen, 3);
          entries = array(this::entry);
        }
        default -> throw unknown(name);
      }
    }
    return new CheckupSubmission(language, identifier, type, entries);
  }

  private CheckupSubmission.Entry entry() throws IOException, Unsure {
    startObject();
    String fullUrl = null;
    CheckupSubmission.Resource resource = null;
    CheckupSubmission.Request request = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "fullUrl" -> {
          seen = once(seen, 0);
          fullUrl = string();
        }
        case "resource" -> {
          seen = once(seen, 1);
          resource = resource();
        }
        case "request" -> {
          seen = once(seen, 2);
          request = request();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Entry(fullUrl, resource, request);
  }

  private CheckupSubmission.Request request() throws IOException, Unsure {
    startObject();
    String method = null;
    String url = null;
    String ifNoneExist = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "method" -> {
          seen = once(seen, 0);
          method = string();
        }
        case "url" -> {
          seen = once(seen, 1);
          url = string();
        }
        case "ifNoneExist" -> {
          seen = once(seen, 2);
          ifNoneExist = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Request(method, url, ifNoneExist);
  }

  private CheckupSubmission.Resource resource() throws IOException, Unsure {
    startObject();
    if (!nextField() || !"resourceType".equals(json.currentName())) {
      throw new Unsure(Fallback.RESOURCE_TYPE_NOT_FIRST);
    }
    json.nextToken();
    String type = string();
    return switch (type) {
      case "Patient" -> patient();
      case "Encounter" -> encounter();
      case "Observation" -> observation();
      case "QuestionnaireResponse" -> epdsResponse();
      case "Immunization" -> throw new Unsure(Fallback.IMMUNIZATION);
      default -> throw new Unsure(Fallback.OTHER_RESOURCE_TYPE);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Resources (after their resourceType)

  private CheckupSubmission.Patient patient() throws IOException, Unsure {
    String language = null;
    List<CheckupSubmission.Extension> extensions = List.of();
    List<CheckupSubmission.Identifier> identifiers = List.of();
    List<CheckupSubmission.HumanName> names = List.of();
    String gender = null;
    String birthDate = null;
    CheckupSubmission.Value multipleBirth = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "language" -> {
          seen = once(seen, 0);
          language = string();
        }
        case "extension" -> {
          seen = once(seen, 1);
          extensions = array(this::extension);
        }
        case "identifier" -> {
          seen = once(seen, 2);
          identifiers = array(this::identifier);
        }
        case "name" -> {
          seen = once(seen, 3);
          names = array(this::humanName);
        }
        case "gender" -> {
          seen = once(seen, 4);
          gender = string();
        }
        case "birthDate" -> {
          seen = once(seen, 5);
          birthDate = string();
        }
        case "multipleBirthBoolean" -> {
          seen = once(seen, 6);
          multipleBirth = new CheckupSubmission.BooleanValue(bool());
        }
        case "multipleBirthInteger" -> {
          seen = once(seen, 6);
          multipleBirth = integer();
        }
        default -> throw unknown(name);
      }
    }
    return new CheckupSubmission.Patient(
        language, extensions, identifiers, names, gender, birthDate, multipleBirth, List.of());
  }

  private CheckupSubmission.Encounter encounter() throws IOException, Unsure {
    String language = null;
    String status = null;
    CheckupSubmission.Coding encounterClass = null;
    List<CheckupSubmission.CodeableConcept> type = List.of();
    CheckupSubmission.Reference subject = null;
    CheckupSubmission.Period period = null;
    CheckupSubmission.Reference serviceProvider = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "language" -> {
          seen = once(seen, 0);
          language = string();
        }
        case "status" -> {
          seen = once(seen, 1);
          status = string();
        }
        case "class" -> {
          seen = once(seen, 2);
          encounterClass = coding();
        }
        case "type" -> {
          seen = once(seen, 3);
          type = array(this::codeableConcept);
        }
        case "subject" -> {
          seen = once(seen, 4);
          subject = reference();
        }
        case "period" -> {
          seen = once(seen, 5);
          period = period();
        }
        case "serviceProvider" -> {
          seen = once(seen, 6);
          serviceProvider = reference();
        }
        default -> throw unknown(name);
      }
    }
    return new CheckupSubmission.Encounter(
        language, status, encounterClass, type, subject, period, serviceProvider);
  }

  private CheckupSubmission.Observation observation() throws IOException, Unsure {
    String language = null;
    String status = null;
    List<CheckupSubmission.CodeableConcept> category = List.of();
    CheckupSubmission.CodeableConcept code = null;
    CheckupSubmission.Reference subject = null;
    CheckupSubmission.Reference encounter = null;
    String effective = null;
    CheckupSubmission.Value value = null;
    CheckupSubmission.CodeableConcept dataAbsentReason = null;
    List<CheckupSubmission.Component> components = List.of();
    CheckupSubmission.Reference specimen = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "language" -> {
          seen = once(seen, 0);
          language = string();
        }
        case "status" -> {
          seen = once(seen, 1);
          status = string();
        }
        case "category" -> {
          seen = once(seen, 2);
          category = array(this::codeableConcept);
        }
        case "code" -> {
          seen = once(seen, 3);
          code = codeableConcept();
        }
        case "subject" -> {
          seen = once(seen, 4);
          subject = reference();
        }
        case "encounter" -> {
          seen = once(seen, 5);
          encounter = reference();
        }
        case "effectiveDateTime" -> {
          seen = once(seen, 6);
          effective = string();
        }
        case "dataAbsentReason" -> {
          seen = once(seen, 7);
          dataAbsentReason = codeableConcept();
        }
        case "component" -> {
          seen = once(seen, 8);
          components = array(this::component);
        }
        case "specimen" -> {
          seen = once(seen, 9);
          specimen = reference();
        }
        default -> {
          // value[x]: one key of the types read, at most once.
          CheckupSubmission.Value read = value(name);
          seen = once(seen, 10);
          value = read;
        }
      }
    }
    return new CheckupSubmission.Observation(
        language,
        status,
        category,
        code,
        subject,
        encounter,
        effective,
        value,
        dataAbsentReason,
        components,
        specimen);
  }

  private CheckupSubmission.Component component() throws IOException, Unsure {
    startObject();
    CheckupSubmission.CodeableConcept code = null;
    CheckupSubmission.Value value = null;
    CheckupSubmission.CodeableConcept dataAbsentReason = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "code" -> {
          seen = once(seen, 0);
          code = codeableConcept();
        }
        case "dataAbsentReason" -> {
          seen = once(seen, 1);
          dataAbsentReason = codeableConcept();
        }
        default -> {
          CheckupSubmission.Value read = value(name);
          seen = once(seen, 2);
          value = read;
        }
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Component(code, value, dataAbsentReason);
  }

  /** A value[x] of Observation or of its component, by its key; other keys are not read. */
  private CheckupSubmission.Value value(String name) throws IOException, Unsure {
    return switch (name) {
      case "valueQuantity" -> quantity();
      case "valueCodeableConcept" -> codeableConcept();
      case "valueBoolean" -> new CheckupSubmission.BooleanValue(bool());
      case "valueString" -> new CheckupSubmission.StringValue(string());
      case "valueDateTime" -> new CheckupSubmission.DateTimeValue(string());
      case "valueInteger" -> integer();
      default -> throw unknown(name);
    };
  }

  private CheckupSubmission.EpdsResponse epdsResponse() throws IOException, Unsure {
    String language = null;
    String questionnaire = null;
    String status = null;
    CheckupSubmission.Reference subject = null;
    CheckupSubmission.Reference encounter = null;
    String authored = null;
    List<CheckupSubmission.Item> items = List.of();
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "language" -> {
          seen = once(seen, 0);
          language = string();
        }
        case "questionnaire" -> {
          seen = once(seen, 1);
          questionnaire = string();
        }
        case "status" -> {
          seen = once(seen, 2);
          status = string();
        }
        case "subject" -> {
          seen = once(seen, 3);
          subject = reference();
        }
        case "encounter" -> {
          seen = once(seen, 4);
          encounter = reference();
        }
        case "authored" -> {
          seen = once(seen, 5);
          authored = string();
        }
        case "item" -> {
          seen = once(seen, 6);
          items = array(this::item);
        }
        default -> throw unknown(name);
      }
    }
    return new CheckupSubmission.EpdsResponse(
        language, questionnaire, status, subject, encounter, authored, items);
  }

  private CheckupSubmission.Item item() throws IOException, Unsure {
    startObject();
    String linkId = null;
    String text = null;
    List<CheckupSubmission.Value> answers = List.of();
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "linkId" -> {
          seen = once(seen, 0);
          linkId = string();
        }
        case "text" -> {
          seen = once(seen, 1);
          text = string();
        }
        case "answer" -> {
          seen = once(seen, 2);
          answers = List.copyOf(array(this::answer));
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Item(linkId, text, answers);
  }

  /** An EPDS answer: {@code valueInteger}, the only answer type its profile allows. */
  private CheckupSubmission.IntegerValue answer() throws IOException, Unsure {
    startObject();
    CheckupSubmission.IntegerValue value = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      if (!"valueInteger".equals(name)) {
        throw unknown(name);
      }
      seen = once(seen, 0);
      value = integer();
    }
    requireNotEmpty(seen);
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Data types

  private CheckupSubmission.Extension extension() throws IOException, Unsure {
    startObject();
    String url = null;
    String code = null;
    CheckupSubmission.Reference reference = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "url" -> {
          seen = once(seen, 0);
          url = string();
        }
        case "valueCode" -> {
          seen = once(seen, 1);
          code = string();
        }
        case "valueReference" -> {
          seen = once(seen, 1);
          reference = reference();
        }
        default ->
            throw new Unsure(
                name.startsWith("value") || name.equals("extension")
                    ? Fallback.UNMODELLED_EXTENSION
                    : unknownReason(name));
      }
    }
    requireNotEmpty(seen);
    // Only the two extensions the profiles name are read; another is not understood here.
    if (url != null
        && !REPRESENTATION_EXTENSION.equals(url)
        && !SukoyakaCanonicals.MOTHER_EXTENSION.equals(url)) {
      throw new Unsure(Fallback.UNMODELLED_EXTENSION);
    }
    return new CheckupSubmission.Extension(url, code, reference);
  }

  private CheckupSubmission.HumanName humanName() throws IOException, Unsure {
    startObject();
    List<CheckupSubmission.Extension> extensions = List.of();
    String use = null;
    String text = null;
    String family = null;
    List<String> given = List.of();
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "extension" -> {
          seen = once(seen, 0);
          extensions = array(this::extension);
        }
        case "use" -> {
          seen = once(seen, 1);
          use = string();
        }
        case "text" -> {
          seen = once(seen, 2);
          text = string();
        }
        case "family" -> {
          seen = once(seen, 3);
          family = string();
        }
        case "given" -> {
          seen = once(seen, 4);
          given = array(this::string);
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.HumanName(extensions, use, text, family, given);
  }

  private CheckupSubmission.Identifier identifier() throws IOException, Unsure {
    startObject();
    String system = null;
    String value = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "system" -> {
          seen = once(seen, 0);
          system = string();
        }
        case "value" -> {
          seen = once(seen, 1);
          value = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Identifier(system, value);
  }

  private CheckupSubmission.Reference reference() throws IOException, Unsure {
    startObject();
    String reference = null;
    CheckupSubmission.Identifier identifier = null;
    String display = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "reference" -> {
          seen = once(seen, 0);
          reference = string();
        }
        case "identifier" -> {
          seen = once(seen, 1);
          identifier = identifier();
        }
        case "display" -> {
          seen = once(seen, 2);
          display = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Reference(reference, identifier, display);
  }

  private CheckupSubmission.Period period() throws IOException, Unsure {
    startObject();
    String start = null;
    String end = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "start" -> {
          seen = once(seen, 0);
          start = string();
        }
        case "end" -> {
          seen = once(seen, 1);
          end = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Period(start, end);
  }

  private CheckupSubmission.CodeableConcept codeableConcept() throws IOException, Unsure {
    startObject();
    List<CheckupSubmission.Coding> codings = List.of();
    String text = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "coding" -> {
          seen = once(seen, 0);
          codings = array(this::coding);
        }
        case "text" -> {
          seen = once(seen, 1);
          text = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.CodeableConcept(codings, text);
  }

  private CheckupSubmission.Coding coding() throws IOException, Unsure {
    startObject();
    String system = null;
    String code = null;
    String display = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "system" -> {
          seen = once(seen, 0);
          system = string();
        }
        case "code" -> {
          seen = once(seen, 1);
          code = string();
        }
        case "display" -> {
          seen = once(seen, 2);
          display = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Coding(system, code, display);
  }

  private CheckupSubmission.Quantity quantity() throws IOException, Unsure {
    startObject();
    String valueText = null;
    String unit = null;
    String system = null;
    String code = null;
    int seen = 0;
    while (nextField()) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "value" -> {
          seen = once(seen, 0);
          valueText = decimal();
        }
        case "unit" -> {
          seen = once(seen, 1);
          unit = string();
        }
        case "system" -> {
          seen = once(seen, 2);
          system = string();
        }
        case "code" -> {
          seen = once(seen, 3);
          code = string();
        }
        default -> throw unknown(name);
      }
    }
    requireNotEmpty(seen);
    return new CheckupSubmission.Quantity(
        valueText, valueText == null ? null : new BigDecimal(valueText), unit, system, code);
  }

  // ---------------------------------------------------------------------------------------------
  // Primitives and structure

  /** A non-empty JSON string. */
  private String string() throws IOException, Unsure {
    JsonToken token = json.currentToken();
    if (token != JsonToken.VALUE_STRING) {
      throw new Unsure(token == JsonToken.VALUE_NULL ? Fallback.NULL_OR_EMPTY : wrongType());
    }
    String text = json.getText();
    if (text.isEmpty()) {
      throw new Unsure(Fallback.NULL_OR_EMPTY);
    }
    return text;
  }

  private boolean bool() throws Unsure {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw new Unsure(token == JsonToken.VALUE_NULL ? Fallback.NULL_OR_EMPTY : wrongType());
  }

  /** A decimal written plainly, as written (its digits are its precision). */
  private String decimal() throws IOException, Unsure {
    JsonToken token = json.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new Unsure(token == JsonToken.VALUE_NULL ? Fallback.NULL_OR_EMPTY : wrongType());
    }
    String text = json.getText();
    if (!Syntax.isDecimal(text)) {
      throw new Unsure(Fallback.NUMBER_FORM);
    }
    return text;
  }

  private CheckupSubmission.IntegerValue integer() throws IOException, Unsure {
    JsonToken token = json.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new Unsure(token == JsonToken.VALUE_NULL ? Fallback.NULL_OR_EMPTY : wrongType());
    }
    String text = json.getText();
    if (token != JsonToken.VALUE_NUMBER_INT || !Syntax.isInteger(text)) {
      throw new Unsure(Fallback.NUMBER_FORM);
    }
    // At most nine digits: always an int.
    return new CheckupSubmission.IntegerValue(text, Integer.parseInt(text));
  }

  private Fallback wrongType() {
    return Fallback.WRONG_JSON_TYPE;
  }

  private void startObject() throws Unsure {
    JsonToken token = json.currentToken();
    if (token != JsonToken.START_OBJECT) {
      throw new Unsure(token == JsonToken.VALUE_NULL ? Fallback.NULL_OR_EMPTY : wrongType());
    }
  }

  /** The first key of a resource is its resourceType, which must be {@code expected}. */
  private void requireResourceType(String expected) throws IOException, Unsure {
    if (!nextField() || !"resourceType".equals(json.currentName())) {
      throw new Unsure(Fallback.RESOURCE_TYPE_NOT_FIRST);
    }
    json.nextToken();
    if (!expected.equals(string())) {
      throw new Unsure(Fallback.OTHER_RESOURCE_TYPE);
    }
  }

  /** Moves to the next key of the current object: true at a key, false at the object's end. */
  private boolean nextField() throws IOException {
    return json.nextToken() == JsonToken.FIELD_NAME;
  }

  /** Marks key number {@code bit} as seen in this object; a second time is a duplicate key. */
  private static int once(int seen, int bit) throws Unsure {
    int mask = 1 << bit;
    if ((seen & mask) != 0) {
      throw new Unsure(Fallback.DUPLICATE_KEY);
    }
    return seen | mask;
  }

  private static void requireNotEmpty(int seen) throws Unsure {
    if (seen == 0) {
      throw new Unsure(Fallback.NULL_OR_EMPTY);
    }
  }

  /** Reads one array element; the parser stands on its first token. */
  @FunctionalInterface
  private interface Element<T> {
    T read() throws IOException, Unsure;
  }

  /** A non-empty JSON array of elements. */
  private <T> List<T> array(Element<T> element) throws IOException, Unsure {
    JsonToken token = json.currentToken();
    if (token != JsonToken.START_ARRAY) {
      throw new Unsure(token == JsonToken.VALUE_NULL ? Fallback.NULL_OR_EMPTY : wrongType());
    }
    List<T> values = new ArrayList<>();
    while (json.nextToken() != JsonToken.END_ARRAY) {
      values.add(element.read());
    }
    if (values.isEmpty()) {
      throw new Unsure(Fallback.NULL_OR_EMPTY);
    }
    return values;
  }

  private static Unsure unknown(String name) {
    return new Unsure(unknownReason(name));
  }

  private static Fallback unknownReason(String name) {
    if (name.startsWith("_")) {
      return Fallback.PRIMITIVE_EXTENSION;
    }
    return switch (name) {
      case "contained" -> Fallback.CONTAINED;
      case "extension", "modifierExtension" -> Fallback.UNMODELLED_EXTENSION;
      case "resourceType" -> Fallback.RESOURCE_TYPE_NOT_FIRST;
      default -> Fallback.UNKNOWN_ELEMENT;
    };
  }
}
