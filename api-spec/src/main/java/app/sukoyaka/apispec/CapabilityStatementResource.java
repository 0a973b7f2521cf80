package app.sukoyaka.apispec;

/**
 * The FHIR R4 CapabilityStatement served at {@code GET /fhir/metadata}.
 *
 * <p>The file is a template in two respects, both filled by the backend when it serves it: it has
 * no {@code date} and no {@code implementation.url}, and absolute URLs of the deployment are
 * written as {@value #BASE_URL_PLACEHOLDER} (for example the SMART {@code oauth-uris} token
 * endpoint, which must be absolute and cannot be known at build time).
 */
public final class CapabilityStatementResource {

  /** Classpath location of the CapabilityStatement. */
  public static final String RESOURCE = "app/sukoyaka/apispec/capability-statement.json";

  /** Stands for the deployment's base URL (scheme, host, port, no trailing slash). */
  public static final String BASE_URL_PLACEHOLDER = "{base}";

  private CapabilityStatementResource() {}

  /** The CapabilityStatement as JSON text, with {@value #BASE_URL_PLACEHOLDER} unreplaced. */
  public static String load() {
    return Holder.TEXT;
  }

  private static final class Holder {
    static final String TEXT = ClasspathText.read(RESOURCE);
  }
}
