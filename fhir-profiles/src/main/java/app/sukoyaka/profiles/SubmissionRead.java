package app.sukoyaka.profiles;

import java.util.Objects;

/**
 * What the streaming pass made of a submission's bytes: the submission, certainly valid, or why it
 * must take HAPI's path (parse into HAPI's model, the compiled check, HAPI's validator). The reason
 * says only what made the fast path unsure; whether the submission is valid is for HAPI to say.
 */
public record SubmissionRead(CheckupSubmission submission, Fallback fallback) {

  public SubmissionRead {
    if ((submission == null) == (fallback == null)) {
      throw new IllegalArgumentException("either a submission or a fallback reason");
    }
  }

  static SubmissionRead accepted(CheckupSubmission submission) {
    return new SubmissionRead(Objects.requireNonNull(submission, "submission"), null);
  }

  static SubmissionRead fallback(Fallback reason) {
    return new SubmissionRead(null, Objects.requireNonNull(reason, "reason"));
  }

  /** Whether the submission was read and found certainly valid. */
  public boolean certainlyValid() {
    return submission != null;
  }

  /**
   * Why a submission goes to HAPI's path. Stable names: they are counted and logged by the intake.
   */
  public enum Fallback {
    /** The fast path is disabled: the definitions were not the ones it was written for. */
    DISABLED,
    /** Not well-formed UTF-8 (HAPI's path refuses it as malformed). */
    NOT_UTF8,
    /** A byte order mark before the JSON. */
    BYTE_ORDER_MARK,
    /** Not JSON as the strict reader takes it (syntax, comments, single quotes, trailing data). */
    MALFORMED_JSON,
    /** A key twice in one JSON object (HAPI keeps the last). */
    DUPLICATE_KEY,
    /** A null, an empty string, an empty array or an empty object. */
    NULL_OR_EMPTY,
    /** A JSON type other than the element's (a number as a string, an object for a list …). */
    WRONG_JSON_TYPE,
    /** A number not written plainly (1e2, -0, +1, 1.0 for an integer, more digits than read). */
    NUMBER_FORM,
    /** An element the submission profiles do not let a checkup carry (meta, text, id, …). */
    UNKNOWN_ELEMENT,
    /** An extension other than the name representation and the mother, or of another type. */
    UNMODELLED_EXTENSION,
    /** A primitive's extension or id ({@code _birthDate}). */
    PRIMITIVE_EXTENSION,
    /** Contained resources. */
    CONTAINED,
    /** {@code resourceType} missing or not the first key of a resource. */
    RESOURCE_TYPE_NOT_FIRST,
    /** A resource type a checkup submission does not carry (Organization, …). */
    OTHER_RESOURCE_TYPE,
    /** An Immunization: a vaccination submission, HAPI's path by design. */
    IMMUNIZATION,
    /** Read, but the compiled submission check is not sure it is valid (it may well be invalid). */
    NOT_CERTAIN,
    /**
     * Read and checked, but the intake's own rules refused it (an item not recorded at this kind of
     * checkup, an implausible value for this person …): HAPI's path gives the error.
     */
    REFUSED_BY_INTAKE_RULES
  }
}
