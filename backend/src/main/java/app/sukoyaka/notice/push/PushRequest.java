package app.sukoyaka.notice.push;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A push the service owes one guardian. Title and body are given in every language the producer has
 * (keyed by BCP 47 primary tag, Japanese always present); the outbox keeps the one the guardian
 * chose. A push carries no personal health data, only ids and a deep link: the app fetches the rest
 * with the guardian's own token.
 *
 * @param personId the guardian or pregnant person who receives it
 * @param municipalityId the municipality the recipient belongs to
 * @param kind what the push is about
 * @param subjectId the notice or reminder id; one push per subject and recipient
 * @param title short title by language
 * @param body one-line body by language
 * @param deepLink where the app opens, built by {@code DeepLinks}
 * @param data further ids the app needs (strings only, as FCM data requires)
 */
public record PushRequest(
    UUID personId,
    UUID municipalityId,
    PushKind kind,
    UUID subjectId,
    Map<String, String> title,
    Map<String, String> body,
    String deepLink,
    Map<String, String> data) {

  public PushRequest {
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(municipalityId, "municipalityId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(deepLink, "deepLink");
    if (title == null || !title.containsKey("ja") || body == null || !body.containsKey("ja")) {
      throw new IllegalArgumentException("a push needs a Japanese title and body");
    }
    title = Map.copyOf(title);
    body = Map.copyOf(body);
    data = data == null ? Map.of() : Map.copyOf(data);
  }
}
