package app.sukoyaka.profiles;

import app.sukoyaka.profiles.SubmissionRead.Fallback;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Mutations of a submission's JSON text, below what HAPI's model can express: how keys are ordered
 * and written, how strings are escaped and numbers spelled, bytes that are not UTF-8, duplicate
 * keys, nulls and empty values, elements and extensions the streaming reader does not read. Each
 * says what the streaming reader must do with it: the same as with the original ({@link
 * Expect#NEUTRAL}), be unsure for a given reason ({@link Expect#FALLBACK}), or whatever the check
 * decides ({@link Expect#EITHER}). Public for the backend's intake differential test.
 */
public final class JsonMutations {

  /** What the streaming reader must answer for a mutated submission. */
  public enum Expect {
    /** Accept it exactly when it accepts the original. */
    NEUTRAL,
    /** Never accept it; if a reason is given, that reason. */
    FALLBACK,
    /** Decided by the check (it may accept, HAPI must agree). */
    EITHER
  }

  /** One mutated submission. */
  public record JsonCase(String name, byte[] json, Expect expect, Fallback reason) {}

  /** Decimals kept as written: 58.20 stays 58.20, 0.000001 is not turned into 1.0E-6. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private interface Change {
    /** The mutated text, or null when the submission has nothing to mutate this way. */
    byte[] apply(ObjectNode root, Random random) throws IOException;
  }

  private record Mutation(String name, Expect expect, Fallback reason, Change change) {}

  private final List<Mutation> mutations = new ArrayList<>();

  public JsonMutations() {
    register();
  }

  /** The names of the mutations, in the order {@link #apply} counts them. */
  public List<String> names() {
    return mutations.stream().map(Mutation::name).toList();
  }

  /** How many mutations there are. */
  public int count() {
    return mutations.size();
  }

  /** Mutation number {@code index} of the submission; null if it has nothing to mutate that way. */
  public JsonCase apply(byte[] json, int index, Random random) {
    Mutation mutation = mutations.get(index);
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(json);
      byte[] mutated = mutation.change().apply(root, random);
      return mutated == null
          ? null
          : new JsonCase(mutation.name(), mutated, mutation.expect(), mutation.reason());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void neutral(String name, Change change) {
    mutations.add(new Mutation(name, Expect.NEUTRAL, null, change));
  }

  private void fallback(String name, Fallback reason, Change change) {
    mutations.add(new Mutation(name, Expect.FALLBACK, reason, change));
  }

  private void either(String name, Change change) {
    mutations.add(new Mutation(name, Expect.EITHER, null, change));
  }

  private void register() {
    // ------------------------------------------------------------- written differently, same data
    neutral(
        "keys in another order, resourceType first",
        (root, r) -> {
          shuffleKeys(root, r);
          return bytes(root);
        });
    neutral(
        "pretty printed with tabs and CRLF",
        (root, r) -> {
          DefaultPrettyPrinter printer =
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("\t", "\r\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n"));
          return JSON.writer(printer).writeValueAsBytes(root);
        });
    neutral(
        "non-ASCII characters escaped",
        (root, r) ->
            JSON.writer()
                .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsString(root)
                .getBytes(StandardCharsets.UTF_8));
    neutral(
        "slashes escaped",
        (root, r) -> {
          // A slash only ever occurs inside strings, where \/ is the same character.
          String text = new String(bytes(root), StandardCharsets.UTF_8);
          return text.indexOf('/') < 0 ? null : utf8(text.replace("/", "\\/"));
        });
    neutral(
        "free text with quotes, backslashes and a character beyond the BMP",
        (root, r) -> {
          Slot slot = pick(root, r, JsonMutations::isFreeText);
          if (slot == null) {
            return null;
          }
          slot.set(TextNode.valueOf(slot.get().asText() + "\"\\\uD842\uDFB7/\u3000x"));
          return bytes(root);
        });
    neutral(
        "decimal with a trailing zero",
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.isQuantityValue() && fractionDigits(s) < 6);
          if (slot == null) {
            return null;
          }
          String text = slot.get().asText();
          return raw(root, slot, text.contains(".") ? text + "0" : text + ".0");
        });

    // -------------------------------------------------------------------- JSON the reader refuses
    fallback(
        "byte order mark",
        Fallback.BYTE_ORDER_MARK,
        (root, r) -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(root)));
    fallback(
        "data after the Bundle",
        Fallback.MALFORMED_JSON,
        (root, r) -> concat(bytes(root), utf8(" {}")));
    fallback(
        "a comment",
        Fallback.MALFORMED_JSON,
        (root, r) -> utf8("{/* from the clinic */" + text(root).substring(1)));
    fallback(
        "a single-quoted string (HAPI reads it)",
        Fallback.MALFORMED_JSON,
        (root, r) -> {
          String text = text(root);
          return text.contains("\"transaction\"")
              ? utf8(text.replaceFirst("\"transaction\"", "'transaction'"))
              : null;
        });
    fallback(
        "a raw tab inside a string",
        Fallback.MALFORMED_JSON,
        (root, r) -> {
          Slot slot = pick(root, r, JsonMutations::isFreeText);
          return slot == null ? null : marked(root, slot, "\"a\tb\"");
        });
    fallback(
        "decimal with a plus sign (HAPI reads it)",
        Fallback.MALFORMED_JSON,
        (root, r) -> {
          Slot slot = pick(root, r, Slot::isQuantityValue);
          return slot == null ? null : raw(root, slot, "+" + slot.get().asText());
        });
    fallback(
        "decimal with a leading zero",
        Fallback.MALFORMED_JSON,
        (root, r) -> {
          Slot slot = pick(root, r, Slot::isQuantityValue);
          return slot == null ? null : raw(root, slot, "0" + slot.get().asText());
        });
    fallback(
        "malformed UTF-8: a lone continuation byte",
        Fallback.NOT_UTF8,
        (root, r) -> insertIntoString(root, r, new byte[] {(byte) 0x80}));
    fallback(
        "malformed UTF-8: an overlong slash",
        Fallback.NOT_UTF8,
        (root, r) -> insertIntoString(root, r, new byte[] {(byte) 0xC0, (byte) 0xAF}));
    fallback(
        "malformed UTF-8: an encoded surrogate",
        Fallback.NOT_UTF8,
        (root, r) -> insertIntoString(root, r, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    fallback(
        "malformed UTF-8: a truncated sequence",
        Fallback.NOT_UTF8,
        (root, r) -> insertIntoString(root, r, new byte[] {(byte) 0xE3, (byte) 0x81}));

    // --------------------------------------------------------- JSON HAPI reads in its own ways
    fallback(
        "a key twice with the same value",
        Fallback.DUPLICATE_KEY,
        (root, r) -> duplicateKey(root, r, false));
    fallback(
        "a key twice with another value (HAPI keeps the last)",
        Fallback.DUPLICATE_KEY,
        (root, r) -> duplicateKey(root, r, true));
    fallback(
        "a null value (HAPI reads it as absent)",
        Fallback.NULL_OR_EMPTY,
        (root, r) -> {
          Slot slot = pick(root, r, s -> !s.key().equals("resourceType"));
          if (slot == null) {
            return null;
          }
          slot.set(NODES.nullNode());
          return bytes(root);
        });
    fallback(
        "an empty string",
        Fallback.NULL_OR_EMPTY,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isTextual() && !s.key().equals("resourceType"));
          if (slot == null) {
            return null;
          }
          slot.set(TextNode.valueOf(""));
          return bytes(root);
        });
    fallback(
        "an empty array",
        Fallback.NULL_OR_EMPTY,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isArray());
          if (slot == null) {
            return null;
          }
          slot.set(NODES.arrayNode());
          return bytes(root);
        });
    fallback(
        "an empty object",
        Fallback.NULL_OR_EMPTY,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isObject() && !s.key().equals("resource"));
          if (slot == null) {
            return null;
          }
          slot.set(NODES.objectNode());
          return bytes(root);
        });
    fallback(
        "decimal in exponent notation (HAPI reads 5.82e1 as 58.2)",
        Fallback.NUMBER_FORM,
        (root, r) -> {
          Slot slot = pick(root, r, Slot::isQuantityValue);
          if (slot == null) {
            return null;
          }
          java.math.BigDecimal value = slot.get().decimalValue();
          return raw(
              root,
              slot,
              value.movePointLeft(1).toPlainString() + (r.nextBoolean() ? "e1" : "E+1"));
        });
    fallback(
        "decimal written -0",
        Fallback.NUMBER_FORM,
        (root, r) -> {
          Slot slot = pick(root, r, Slot::isQuantityValue);
          return slot == null ? null : raw(root, slot, r.nextBoolean() ? "-0" : "-0.0");
        });
    fallback(
        "decimal with more digits than read",
        Fallback.NUMBER_FORM,
        (root, r) -> {
          Slot slot = pick(root, r, Slot::isQuantityValue);
          if (slot == null) {
            return null;
          }
          String text = slot.get().asText();
          return raw(
              root,
              slot,
              r.nextBoolean()
                  ? (text.contains(".") ? text : text + ".") + "0000001"
                  : "1234567890123456789012345.5");
        });
    fallback(
        "decimal as a string",
        Fallback.WRONG_JSON_TYPE,
        (root, r) -> {
          Slot slot = pick(root, r, Slot::isQuantityValue);
          if (slot == null) {
            return null;
          }
          slot.set(TextNode.valueOf(slot.get().asText()));
          return bytes(root);
        });
    fallback(
        "integer written with a fraction",
        Fallback.NUMBER_FORM,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isIntegralNumber() && s.key().endsWith("Integer"));
          return slot == null ? null : raw(root, slot, slot.get().asText() + ".0");
        });
    fallback(
        "boolean as a string",
        Fallback.WRONG_JSON_TYPE,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isBoolean());
          if (slot == null) {
            return null;
          }
          slot.set(TextNode.valueOf(slot.get().asText()));
          return bytes(root);
        });
    fallback(
        "an object for a list",
        Fallback.WRONG_JSON_TYPE,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isArray() && s.get().get(0).isObject());
          if (slot == null) {
            return null;
          }
          slot.set(slot.get().get(0));
          return bytes(root);
        });
    fallback(
        "a string for an object",
        Fallback.WRONG_JSON_TYPE,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isObject() && !s.key().equals("resource"));
          if (slot == null) {
            return null;
          }
          slot.set(TextNode.valueOf("x"));
          return bytes(root);
        });

    // ------------------------------------------------- elements and extensions it does not read
    fallback(
        "a resource id",
        Fallback.UNKNOWN_ELEMENT,
        (root, r) -> {
          ObjectNode resource = anyResource(root, r);
          return resource == null ? null : withKey(root, resource, "id", TextNode.valueOf("r1"));
        });
    fallback(
        "meta.lastUpdated",
        Fallback.UNKNOWN_ELEMENT,
        (root, r) -> {
          ObjectNode resource = r.nextBoolean() ? root : anyResource(root, r);
          ObjectNode meta = NODES.objectNode().put("lastUpdated", "2026-11-20T10:00:00+09:00");
          return resource == null ? null : withKey(root, resource, "meta", meta);
        });
    fallback(
        "an element FHIR has but the profiles leave out",
        Fallback.UNKNOWN_ELEMENT,
        (root, r) -> {
          ObjectNode resource = anyResource(root, r);
          return resource == null
              ? null
              : withKey(
                  root, resource, "implicitRules", TextNode.valueOf("https://clinic.example.jp/r"));
        });
    fallback(
        "an element FHIR does not have",
        Fallback.UNKNOWN_ELEMENT,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isObject() && !s.key().equals("resource"));
          return slot == null
              ? null
              : withKey(root, (ObjectNode) slot.get(), "remarks", TextNode.valueOf("x"));
        });
    fallback(
        "a primitive's extension",
        Fallback.PRIMITIVE_EXTENSION,
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isValueNode() && !s.key().equals("resourceType"));
          if (slot == null || slot.parent() == null) {
            return null;
          }
          ObjectNode extension = NODES.objectNode();
          extension
              .putArray("extension")
              .addObject()
              .put("url", "https://clinic.example.jp/fhir/StructureDefinition/source")
              .put("valueString", "registry");
          return withKey(root, slot.parent(), "_" + slot.key(), extension);
        });
    fallback(
        "a contained resource",
        Fallback.CONTAINED,
        (root, r) -> {
          ObjectNode resource = anyResource(root, r);
          if (resource == null) {
            return null;
          }
          ArrayNode contained = NODES.arrayNode();
          contained.addObject().put("resourceType", "Organization").put("id", "o1");
          return withKey(root, resource, "contained", contained);
        });
    fallback(
        "an extension the profiles do not name",
        Fallback.UNMODELLED_EXTENSION,
        (root, r) -> {
          ObjectNode resource = anyResource(root, r);
          if (resource == null) {
            return null;
          }
          ArrayNode extensions =
              resource.has("extension")
                  ? (ArrayNode) resource.get("extension")
                  : resource.putArray("extension");
          extensions
              .addObject()
              .put("url", "https://clinic.example.jp/fhir/StructureDefinition/visit-note")
              .put("valueString", "x");
          return bytes(root);
        });
    fallback(
        "a modifierExtension",
        Fallback.UNMODELLED_EXTENSION,
        (root, r) -> {
          ObjectNode resource = anyResource(root, r);
          if (resource == null) {
            return null;
          }
          ArrayNode extensions = NODES.arrayNode();
          extensions
              .addObject()
              .put("url", "https://clinic.example.jp/fhir/StructureDefinition/unverified")
              .put("valueBoolean", true);
          return withKey(root, resource, "modifierExtension", extensions);
        });
    fallback(
        "resourceType not the first key",
        Fallback.RESOURCE_TYPE_NOT_FIRST,
        (root, r) -> {
          ObjectNode resource = r.nextBoolean() ? root : anyResource(root, r);
          if (resource == null || resource.size() < 2) {
            return null;
          }
          JsonNode type = resource.remove("resourceType");
          resource.set("resourceType", type);
          return bytes(root);
        });
    fallback(
        "an Organization entry",
        Fallback.OTHER_RESOURCE_TYPE,
        (root, r) -> addEntry(root, "Organization"));
    fallback(
        "an Immunization entry",
        Fallback.IMMUNIZATION,
        (root, r) -> addEntry(root, "Immunization"));
    fallback(
        "deeply nested arrays",
        null,
        (root, r) -> {
          ObjectNode resource = anyResource(root, r);
          if (resource == null) {
            return null;
          }
          // Placed by text: a tree this deep is beyond what Jackson's own writer nests.
          String marker = "\"@@DEEP@@\"";
          resource.put("code", "@@DEEP@@");
          String deep = "[".repeat(3000) + "]".repeat(3000);
          return utf8(text(root).replace(marker, deep));
        });

    // ----------------------------------------------------------------- content the check judges
    fallback(
        "an escaped control character in free text",
        Fallback.NOT_CERTAIN,
        (root, r) -> {
          Slot slot = pick(root, r, JsonMutations::isFreeText);
          return slot == null ? null : marked(root, slot, "\"a\\u0007b\"");
        });
    fallback(
        "an unpaired surrogate escaped in free text",
        Fallback.NOT_CERTAIN,
        (root, r) -> {
          Slot slot = pick(root, r, JsonMutations::isFreeText);
          return slot == null ? null : marked(root, slot, "\"a\\ud842b\"");
        });
    fallback(
        "a day that does not exist",
        Fallback.NOT_CERTAIN,
        (root, r) -> {
          Slot slot = pick(root, r, JsonMutations::isDate);
          if (slot == null) {
            return null;
          }
          String text = slot.get().asText();
          slot.set(TextNode.valueOf(text.substring(0, 5) + "02-30" + text.substring(10)));
          return bytes(root);
        });
    either(
        "a date to the month or a time to the minute",
        (root, r) -> {
          Slot slot = pick(root, r, JsonMutations::isDate);
          if (slot == null) {
            return null;
          }
          String text = slot.get().asText();
          slot.set(
              TextNode.valueOf(
                  text.length() > 10
                      ? text.substring(0, 16) + text.substring(19)
                      : text.substring(0, 7)));
          return bytes(root);
        });
    either(
        "a code nobody knows",
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.key().equals("code") && s.get().isTextual());
          if (slot == null) {
            return null;
          }
          slot.set(TextNode.valueOf("x-unknown-" + r.nextInt(100)));
          return bytes(root);
        });
    either(
        "an element left out",
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.parent() != null && !s.key().equals("resourceType"));
          if (slot == null) {
            return null;
          }
          slot.parent().remove(slot.key());
          return bytes(root);
        });
    either(
        "a list element repeated",
        (root, r) -> {
          Slot slot = pick(root, r, s -> s.get().isArray());
          if (slot == null) {
            return null;
          }
          ArrayNode array = (ArrayNode) slot.get();
          array.add(array.get(r.nextInt(array.size())).deepCopy());
          return bytes(root);
        });
  }

  // ---------------------------------------------------------------------------------------------
  // The tree

  /** A value in the tree: an object's key or an array's index, and how to replace it. */
  private record Slot(ObjectNode parent, ArrayNode array, String key, int index, JsonNode value) {
    JsonNode get() {
      return value;
    }

    void set(JsonNode replacement) {
      if (parent != null) {
        parent.set(key, replacement);
      } else {
        array.set(index, replacement);
      }
    }

    boolean isQuantityValue() {
      return parent != null && key.equals("value") && value.isNumber();
    }
  }

  private static List<Slot> slots(JsonNode node) {
    List<Slot> slots = new ArrayList<>();
    collect(node, slots);
    return slots;
  }

  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        slots.add(new Slot(object, null, field.getKey(), -1, field.getValue()));
        collect(field.getValue(), slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        // An array's element carries its array's key, for predicates on keys.
        slots.add(new Slot(null, array, keyOf(array, slots), i, array.get(i)));
        collect(array.get(i), slots);
      }
    }
  }

  private static String keyOf(ArrayNode array, List<Slot> slots) {
    for (int i = slots.size() - 1; i >= 0; i--) {
      if (slots.get(i).get() == array) {
        return slots.get(i).key();
      }
    }
    return "";
  }

  private static Slot pick(ObjectNode root, Random random, Predicate<Slot> which) {
    List<Slot> candidates = slots(root).stream().filter(which).toList();
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  /** A name's text, family or given name, or a concept's text: strings no rule constrains. */
  private static boolean isFreeText(Slot slot) {
    return slot.get().isTextual()
        && (slot.key().equals("family") || slot.key().equals("given") || slot.key().equals("text"));
  }

  private static boolean isDate(Slot slot) {
    return slot.get().isTextual()
        && slot.get().asText().matches("(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}(T.*)?")
        && !slot.key().equals("ifNoneExist");
  }

  private static int fractionDigits(Slot slot) {
    String text = slot.get().asText();
    int dot = text.indexOf('.');
    return dot < 0 ? 0 : text.length() - dot - 1;
  }

  private static ObjectNode anyResource(ObjectNode root, Random random) {
    JsonNode entries = root.path("entry");
    if (!entries.isArray() || entries.isEmpty()) {
      return null;
    }
    JsonNode resource = entries.get(random.nextInt(entries.size())).path("resource");
    return resource instanceof ObjectNode object ? object : null;
  }

  private static void shuffleKeys(JsonNode node, Random random) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      Collections.shuffle(fields, random);
      Map<String, JsonNode> ordered = new LinkedHashMap<>();
      if (object.has("resourceType")) {
        ordered.put("resourceType", object.get("resourceType"));
      }
      fields.forEach(f -> ordered.putIfAbsent(f.getKey(), f.getValue()));
      object.removeAll();
      ordered.forEach(object::set);
      ordered.values().forEach(child -> shuffleKeys(child, random));
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> shuffleKeys(child, random));
    }
  }

  private static byte[] withKey(ObjectNode root, ObjectNode target, String key, JsonNode value)
      throws JsonProcessingException {
    if (target.has(key)) {
      return null;
    }
    target.set(key, value);
    return bytes(root);
  }

  private static byte[] addEntry(ObjectNode root, String type) throws JsonProcessingException {
    if (!root.path("entry").isArray()) {
      return null;
    }
    ObjectNode entry = ((ArrayNode) root.get("entry")).addObject();
    entry.put("fullUrl", "urn:uuid:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    ObjectNode resource = entry.putObject("resource").put("resourceType", type);
    if (type.equals("Organization")) {
      resource.put("name", "すこやか母子クリニック");
    } else {
      resource.put("status", "completed");
    }
    entry.putObject("request").put("method", "POST").put("url", type);
    return bytes(root);
  }

  /** A key of a random object written twice: with its own value, or with another one. */
  private static byte[] duplicateKey(ObjectNode root, Random random, boolean otherValue)
      throws JsonProcessingException {
    Slot slot =
        pick(
            root,
            random,
            s ->
                s.parent() != null
                    && !s.key().equals("resourceType")
                    && (!otherValue || s.get().isValueNode()));
    if (slot == null) {
      return null;
    }
    JsonNode value = slot.get();
    if (otherValue) {
      value =
          value.isNumber()
              ? NODES.numberNode(value.decimalValue().add(java.math.BigDecimal.ONE))
              : value.isBoolean()
                  ? NODES.booleanNode(!value.booleanValue())
                  : TextNode.valueOf("x");
    }
    // A tree holds one value per key: the second is added under a marker renamed in the text.
    String marker = "@@DUPLICATE@@";
    if (random.nextBoolean()) {
      slot.parent().set(marker, value);
    } else {
      // The duplicate first, the original after it.
      Map<String, JsonNode> ordered = new LinkedHashMap<>();
      slot.parent().fields().forEachRemaining(f -> ordered.put(f.getKey(), f.getValue()));
      slot.parent().removeAll();
      for (Map.Entry<String, JsonNode> field : ordered.entrySet()) {
        if (field.getKey().equals(slot.key())) {
          slot.parent().set(marker, value);
        }
        slot.parent().set(field.getKey(), field.getValue());
      }
    }
    return utf8(text(root).replace("\"" + marker + "\"", "\"" + slot.key() + "\""));
  }

  /** The slot's value replaced by raw JSON text. */
  private static byte[] raw(ObjectNode root, Slot slot, String json)
      throws JsonProcessingException {
    return marked(root, slot, json);
  }

  private static byte[] marked(ObjectNode root, Slot slot, String json)
      throws JsonProcessingException {
    String marker = "@@RAW@@";
    slot.set(TextNode.valueOf(marker));
    return utf8(text(root).replace("\"" + marker + "\"", json));
  }

  /** Bytes inserted inside the first free-text string (or the Bundle type). */
  private static byte[] insertIntoString(ObjectNode root, Random random, byte[] inserted)
      throws JsonProcessingException {
    Slot slot = pick(root, random, JsonMutations::isFreeText);
    String marker = "@@BYTES@@";
    if (slot != null) {
      slot.set(TextNode.valueOf("a" + marker + "b"));
    } else if (root.has("type")) {
      root.put("type", "trans" + marker + "action");
    } else {
      return null;
    }
    byte[] text = bytes(root);
    byte[] markerBytes = utf8(marker);
    int at = indexOf(text, markerBytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(text, 0, at);
    out.write(inserted, 0, inserted.length);
    out.write(text, at + markerBytes.length, text.length - at - markerBytes.length);
    return out.toByteArray();
  }

  private static int indexOf(byte[] text, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= text.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (text[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("marker not found");
  }

  private static byte[] bytes(JsonNode root) throws JsonProcessingException {
    return JSON.writeValueAsBytes(root);
  }

  private static String text(JsonNode root) throws JsonProcessingException {
    return JSON.writeValueAsString(root);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = new byte[a.length + b.length];
    System.arraycopy(a, 0, result, 0, a.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
