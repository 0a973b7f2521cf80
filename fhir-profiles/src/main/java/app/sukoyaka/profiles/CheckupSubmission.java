package app.sukoyaka.profiles;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A clinic's checkup submission (a transaction Bundle) as the intake maps it: only the elements the
 * submission profiles let a checkup carry, every primitive exactly as written (a decimal keeps its
 * digits), nothing else. The streaming reader reads a usual submission straight into these types
 * ({@link SukoyakaValidator#readCertainlyValid} hands one out only when the compiled submission
 * check has found it certainly valid); anything more or unusual goes through HAPI's model, and
 * {@link HapiReading} turns the validated model into these types, so that one mapper serves both.
 * Only HAPI's reading produces {@link Other}, {@link OtherValue} and a Patient's {@code profile}.
 *
 * <p>Absent elements are {@code null} (an absent list is empty); present strings are never empty.
 * Immutable.
 */
public record CheckupSubmission(
    String language, Identifier identifier, String type, List<Entry> entries) {

  public CheckupSubmission {
    entries = List.copyOf(entries);
  }

  /** One entry: its fullUrl, its resource and its request. */
  public record Entry(String fullUrl, Resource resource, Request request) {}

  /** {@code Bundle.entry.request}. */
  public record Request(String method, String url, String ifNoneExist) {}

  /** An entry's resource: one of the four types a checkup submission carries. */
  public sealed interface Resource permits Patient, Encounter, Observation, EpdsResponse, Other {
    /** {@code Resource.language}, or null. */
    String language();

    /** The FHIR resource type. */
    String resourceType();
  }

  /**
   * A Patient: the mother ({@code sukoyaka-pregnant-person}) or a child ({@code sukoyaka-child}).
   *
   * @param multipleBirth {@code multipleBirthBoolean} or {@code multipleBirthInteger}, or null
   * @param profile {@code meta.profile} (HAPI's reading only: the streaming reader reads no meta)
   */
  public record Patient(
      String language,
      List<Extension> extension,
      List<Identifier> identifier,
      List<HumanName> name,
      String gender,
      String birthDate,
      Value multipleBirth,
      List<String> profile)
      implements Resource {

    public Patient {
      profile = List.copyOf(profile);
      extension = List.copyOf(extension);
      identifier = List.copyOf(identifier);
      name = List.copyOf(name);
    }

    @Override
    public String resourceType() {
      return "Patient";
    }

    /** The extensions with this url. */
    public List<Extension> extensions(String url) {
      return extension.stream().filter(e -> url.equals(e.url())).toList();
    }
  }

  /** The checkup visit ({@code sukoyaka-checkup-encounter}); {@code encounterClass} is "class". */
  public record Encounter(
      String language,
      String status,
      Coding encounterClass,
      List<CodeableConcept> type,
      Reference subject,
      Period period,
      Reference serviceProvider)
      implements Resource {

    public Encounter {
      type = List.copyOf(type);
    }

    @Override
    public String resourceType() {
      return "Encounter";
    }
  }

  /**
   * A finding ({@code sukoyaka-checkup-observation}).
   *
   * @param effectiveDateTime {@code effectiveDateTime} (the only effective[x] read), or null
   * @param value value[x] of one of the types read, or null
   */
  public record Observation(
      String language,
      String status,
      List<CodeableConcept> category,
      CodeableConcept code,
      Reference subject,
      Reference encounter,
      String effectiveDateTime,
      Value value,
      CodeableConcept dataAbsentReason,
      List<Component> component,
      Reference specimen)
      implements Resource {

    public Observation {
      category = List.copyOf(category);
      component = List.copyOf(component);
    }

    @Override
    public String resourceType() {
      return "Observation";
    }
  }

  /** {@code Observation.component}. */
  public record Component(CodeableConcept code, Value value, CodeableConcept dataAbsentReason) {}

  /** The EPDS answers ({@code sukoyaka-epds-response}), a QuestionnaireResponse. */
  public record EpdsResponse(
      String language,
      String questionnaire,
      String status,
      Reference subject,
      Reference encounter,
      String authored,
      List<Item> item)
      implements Resource {

    public EpdsResponse {
      item = List.copyOf(item);
    }

    @Override
    public String resourceType() {
      return "QuestionnaireResponse";
    }
  }

  /**
   * A resource of a type a checkup submission does not carry (HAPI's reading only): the intake
   * refuses it.
   */
  public record Other(String resourceType) implements Resource {
    @Override
    public String language() {
      return null;
    }
  }

  /**
   * {@code QuestionnaireResponse.item}: the profile lets its answers carry {@code valueInteger}.
   */
  public record Item(String linkId, String text, List<Value> answer) {
    public Item {
      answer = List.copyOf(answer);
    }
  }

  /**
   * An extension with {@code valueCode} (a name's representation) or {@code valueReference} (the
   * mother); extensions of other value types are not read.
   */
  public record Extension(String url, String valueCode, Reference valueReference) {}

  /** {@code HumanName}; {@code given} in order. */
  public record HumanName(
      List<Extension> extension, String use, String text, String family, List<String> given) {

    public HumanName {
      extension = List.copyOf(extension);
      given = List.copyOf(given);
    }

    /** The given names joined by a space, as HAPI's {@code getGivenAsSingleString} has them. */
    public String givenAsSingleString() {
      return String.join(" ", given);
    }
  }

  /** {@code Identifier}: system and value only. */
  public record Identifier(String system, String value) {}

  /** {@code Reference}: a literal reference, a logical one (identifier) and a display. */
  public record Reference(String reference, Identifier identifier, String display) {}

  /** {@code Period}: start and end as written. */
  public record Period(String start, String end) {}

  /** {@code Coding}: system, code and display. */
  public record Coding(String system, String code, String display) {}

  /** A value[x] of one of the types read. */
  public sealed interface Value
      permits Quantity,
          CodeableConcept,
          BooleanValue,
          StringValue,
          DateTimeValue,
          IntegerValue,
          OtherValue {
    /** The FHIR type name, as HAPI's {@code fhirType()} gives it. */
    String fhirType();
  }

  /** {@code CodeableConcept}: its codings in order and its text. */
  public record CodeableConcept(List<Coding> coding, String text) implements Value {
    public CodeableConcept {
      coding = List.copyOf(coding);
    }

    @Override
    public String fhirType() {
      return "CodeableConcept";
    }
  }

  /**
   * {@code Quantity}: {@code valueText} is the decimal exactly as written, {@code value} the same
   * number with the same scale (58.20 stays 58.20).
   */
  public record Quantity(
      String valueText, BigDecimal value, String unit, String system, String code)
      implements Value {

    public Quantity {
      if (valueText != null) {
        Objects.requireNonNull(value, "value");
      }
    }

    @Override
    public String fhirType() {
      return "Quantity";
    }
  }

  /** {@code boolean}. */
  public record BooleanValue(boolean value) implements Value {
    @Override
    public String fhirType() {
      return "boolean";
    }
  }

  /** {@code string}. */
  public record StringValue(String value) implements Value {
    @Override
    public String fhirType() {
      return "string";
    }
  }

  /** {@code dateTime}, as written (a date, or a date and time). */
  public record DateTimeValue(String value) implements Value {
    @Override
    public String fhirType() {
      return "dateTime";
    }
  }

  /** {@code integer}: {@code text} as written, {@code value} its number. */
  public record IntegerValue(String text, int value) implements Value {
    @Override
    public String fhirType() {
      return "integer";
    }
  }

  /** A value of another type (a Period, a Range …; HAPI's reading only): no item takes it. */
  public record OtherValue(String fhirType) implements Value {}
}
