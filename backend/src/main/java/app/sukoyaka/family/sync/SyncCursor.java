package app.sukoyaka.family.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the app holds between syncs, opaque to it: whose family, the snapshot the last sync read,
 * which pregnancies and children it covered, and when. Nothing in it grants access: the next sync
 * works out the family's reach again from the token, and a cursor of someone else only makes the
 * sync start over.
 */
record SyncCursor(
    UUID personId,
    String snapshot,
    List<UUID> pregnancyIds,
    List<UUID> childIds,
    Instant issuedAt) {
  private static final ObjectMapper JSON = new ObjectMapper();
  // xmin:xmax:xip,xip,... as pg_snapshot prints it
  private static final Pattern SNAPSHOT =
      Pattern.compile("^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$");
  private static final int VERSION = 1;
  private static final int MAX_LENGTH = 64 * 1024;

  SyncCursor {
    pregnancyIds = List.copyOf(pregnancyIds);
    childIds = List.copyOf(childIds);
  }

  String encode() {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("p", personId.toString());
    root.put("s", snapshot);
    ArrayNode pregnancies = root.putArray("g");
    pregnancyIds.forEach(id -> pregnancies.add(id.toString()));
    ArrayNode children = root.putArray("c");
    childIds.forEach(id -> children.add(id.toString()));
    root.put("t", issuedAt.getEpochSecond());
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new IllegalStateException("A cursor always serialises", e);
    }
  }

  /** The cursor, or empty when the text is not one this service wrote. */
  static Optional<SyncCursor> decode(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      JsonNode root =
          JSON.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      if (root == null || !root.isObject() || root.path("v").asInt() != VERSION) {
        return Optional.empty();
      }
      String snapshot = root.path("s").asText("");
      if (!SNAPSHOT.matcher(snapshot).matches() || !root.path("t").canConvertToLong()) {
        return Optional.empty();
      }
      return Optional.of(
          new SyncCursor(
              UUID.fromString(root.path("p").asText()),
              snapshot,
              ids(root.path("g")),
              ids(root.path("c")),
              Instant.ofEpochSecond(root.path("t").asLong())));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  private static List<UUID> ids(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("not a list of ids");
    }
    List<UUID> ids = new ArrayList<>();
    for (JsonNode id : array) {
      ids.add(UUID.fromString(id.asText()));
    }
    return ids;
  }
}
