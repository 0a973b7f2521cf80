package app.sukoyaka.application;

import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether the signer's name in the certificate is the name on the form. Names are written in many
 * ways (old and new kanji forms, spaces, the order of family and given name), so a mismatch is not
 * a refusal: staff are shown it and decide.
 */
final class NameMatch {
  private NameMatch() {}

  /** The common name of the certificate's subject, or the whole subject when it has none. */
  static String signerName(X509Certificate certificate) {
    return commonName(certificate.getSubjectX500Principal().getName());
  }

  /** The common name of a subject (RFC 2253), or the subject when it has none. */
  static String commonName(String subject) {
    try {
      List<Rdn> rdns = new LdapName(subject).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      // An unparsable subject is compared as it is.
    }
    return subject;
  }

  /** True when the signer's name is the form's name, in kanji or in kana, either order. */
  static boolean matches(
      String signerName,
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana) {
    String signer = normalise(signerName);
    if (signer.isEmpty()) {
      return false;
    }
    for (String candidate :
        List.of(
            familyName + givenName,
            givenName + familyName,
            familyNameKana + givenNameKana,
            givenNameKana + familyNameKana)) {
      if (signer.equals(normalise(candidate))) {
        return true;
      }
    }
    return false;
  }

  /** NFKC (full-width letters and half-width kana alike), no spaces of any width, lower case. */
  static String normalise(String name) {
    if (name == null) {
      return "";
    }
    return Normalizer.normalize(name, Normalizer.Form.NFKC)
        .replaceAll("[\\s\\u3000・,]", "")
        .toLowerCase(Locale.ROOT);
  }
}
