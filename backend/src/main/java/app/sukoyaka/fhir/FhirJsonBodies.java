package app.sukoyaka.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.Reader;
import java.io.StringReader;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's JSON parser on a body a caller sent. Besides its own refusals, some malformed shapes make
 * the parser itself fail (an {@code extension} array holding a string instead of an object: a
 * NullPointerException inside HAPI, found by the intake's fuzzing); every such failure is the
 * body's, so each is one refusal, and the parser's internal message is not passed on.
 */
public final class FhirJsonBodies {
  private FhirJsonBodies() {}

  /** A body the parser could not read as a FHIR resource. */
  public static final class Unreadable extends Exception {
    private Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static IBaseResource parse(IParser parser, String body) throws Unreadable {
    return parse(parser, new StringReader(body));
  }

  /**
   * @throws Unreadable with HAPI's reason when it refused the body, or a general one when the
   *     parser failed on its shape
   */
  public static IBaseResource parse(IParser parser, Reader body) throws Unreadable {
    try {
      return parser.parseResource(body);
    } catch (DataFormatException e) {
      throw new Unreadable(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new Unreadable(
          "an element has a JSON shape FHIR does not allow there (an array of objects holding a"
              + " string, say)",
          e);
    }
  }
}
