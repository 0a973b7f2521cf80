package app.sukoyaka.phr.myportal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One record as the portal delivers it: its id at the portal and its items in the portal's data
 * layout, by the layout's item names (受診日, 身長 …). What the items mean is the mapping file's.
 */
public record PortalRecord(String recordId, PortalRecordType type, JsonNode items) {
  public PortalRecord {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(items, "items");
  }
}
