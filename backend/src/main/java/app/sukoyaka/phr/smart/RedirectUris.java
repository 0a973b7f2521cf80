package app.sukoyaka.phr.smart;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What may be registered as an app's redirect URI (RFC 8252 and the OAuth 2.0 security BCP): an
 * absolute https URI, http only on a loopback address (a desktop app), or a private-use scheme with
 * a dot in it (a mobile app, {@code com.example.app:/callback}); never with a fragment. Requests
 * are then compared with the registered ones exactly.
 */
final class RedirectUris {
  private RedirectUris() {}

  static void requireAcceptable(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a URI: " + value);
    }
    if (!uri.isAbsolute() || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "A redirect URI is absolute, without a fragment: " + value);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("An https redirect URI names a host: " + value);
      }
      return;
    }
    if (scheme.equals("http")) {
      String host = uri.getHost();
      if (host != null
          && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost"))) {
        return;
      }
      throw new IllegalArgumentException("http only on a loopback address: " + value);
    }
    if (scheme.contains(".")) {
      return;
    }
    throw new IllegalArgumentException(
        "https, loopback http or a reverse-domain private scheme: " + value);
  }
}
