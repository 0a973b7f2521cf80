package app.sukoyaka.immunization.prescreening;

/**
 * Why an answer (or the request around it) cannot be taken.
 *
 * @param field {@code answers.<linkId>}, {@code vaccine}, {@code plannedDate} …
 */
public record AnswerError(Kind kind, String field, String message) {

  public enum Kind {
    /** No question of the form has this linkId. */
    UNKNOWN_QUESTION,
    /** The answer is not of the question's type, or not one of its answers. */
    WRONG_TYPE,
    /** A question asked for this vaccine (or after this yes) has no answer. */
    MISSING,
    /** A number outside what it can be (a temperature of 43 ℃), a date after the visit. */
    OUT_OF_RANGE,
    /** An answer to a question not asked: another vaccine's, a follow-up after a no. */
    NOT_ASKED,
    /** The vaccine is not one the questionnaire serves. */
    UNKNOWN_VACCINE
  }
}
