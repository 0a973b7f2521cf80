package app.sukoyaka.phr.myportal;

import java.net.URI;
import java.util.List;

/**
 * The official APIs of マイナポータル: the authorisation of the 自己情報取得API with the card-based login, and
 * the PMH 情報連携API for 予防接種 and 母子保健 (乳幼児健診, 妊婦健診) records. Using them needs government approval;
 * {@link HttpMyPortalClient} speaks to the endpoints configured in {@link MyPortalConfiguration},
 * and {@link MyPortalSimulator} stands in for the portal in demo mode and tests. Every method may
 * throw {@link MyPortalException}.
 */
public interface MyPortalClient {

  /**
   * The portal's authorisation page for a link: authorisation code flow with PKCE (S256 only).
   *
   * @param state the single-use value that comes back with the code
   * @param codeChallenge BASE64URL(SHA-256(code verifier))
   */
  URI authorizationUrl(String state, String codeChallenge);

  /** Exchanges the code the portal sent back for tokens. */
  PortalTokens exchange(String code, String codeVerifier);

  /** New tokens for a link whose access token ended. */
  PortalTokens refresh(String refreshToken);

  /**
   * Revokes a token at the portal, ending the link there.
   *
   * @return false when the portal offers no revocation (the link then ends here only)
   */
  boolean revoke(String token);

  /** The people the token reaches: the card holder and the children they represent. */
  List<PortalPerson> persons(String accessToken);

  /** The person's records of one kind. */
  List<PortalRecord> records(String accessToken, String personRef, PortalRecordType type);
}
