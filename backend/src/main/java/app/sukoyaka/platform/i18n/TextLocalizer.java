package app.sukoyaka.platform.i18n;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes every text of a response body for one reader. A text is a JSON object whose members are
 * offered language codes with string values and which has {@code ja} (the {@code LocalizedText} and
 * {@code NoticeTexts} of the API); it leaves as {@code ja} (the original, its dates written with
 * the reader's calendar) and at most one more member: the reader's language when a translation is
 * known (given in the object itself, or by {@link Translations}), else {@code en} when the object
 * has it. A second language is left out when it would say what {@code ja} says. So a label costs
 * two strings on the wire whatever the number of languages offered, and an app shows {@code
 * text[lang] ?? text.en ?? text.ja}. Everything that is not a text is left as it is. Pure.
 */
public final class TextLocalizer {
  private static final JsonFactory JSON = new JsonFactory();

  private final Translations translations;

  public TextLocalizer(Translations translations) {
    this.translations = translations;
  }

  /**
   * The body as a tree, written for the reader: the plain statement of what {@link
   * #localize(byte[], Reader)} does in one streaming pass (the tests hold the two to each other).
   */
  public JsonNode localize(JsonNode node, Reader reader) {
    if (node.isArray()) {
      List<JsonNode> values = new ArrayList<>(node.size());
      node.values().forEach(value -> values.add(localize(value, reader)));
      return JsonNode.createArrayNode(values);
    }
    if (!node.isObject()) {
      return node;
    }
    if (isText(node)) {
      return text(node, reader);
    }
    Map<String, JsonNode> members = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.entries()) {
      members.put(entry.getKey(), localize(entry.getValue(), reader));
    }
    return JsonNode.createObjectNode(members);
  }

  /**
   * The same for a body already written as JSON, in one streaming pass: every other token is copied
   * as it was written (numbers keep their digits), and each text object is written for the reader.
   * Building a tree of a large body (a first sync is several hundred kilobytes) and serialising the
   * tree again cost more CPU than everything else the sync does.
   */
  public byte[] localize(byte[] json, Reader reader) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
    try (JsonParser parser = JSON.createParser(json);
        JsonGenerator generator = JSON.createGenerator(out)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        copy(token, parser, generator, reader);
      }
    }
    return out.toByteArray();
  }

  /** Writes the current token; an object that starts here is read as a text while it may be one. */
  private void copy(JsonToken token, JsonParser parser, JsonGenerator generator, Reader reader)
      throws IOException {
    if (token != JsonToken.START_OBJECT) {
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        generator.writeNumber(parser.getText());
      } else {
        generator.copyCurrentEvent(parser);
      }
      return;
    }
    Map<String, String> members = Map.of();
    JsonToken next = parser.nextToken();
    while (next == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (Language.ofCode(name).isEmpty()) {
        break;
      }
      if (members.isEmpty()) {
        // Most objects are not texts: a map only for those that may be.
        members = new LinkedHashMap<>();
      }
      JsonToken value = parser.nextToken();
      if (value != JsonToken.VALUE_STRING) {
        // Not a text after all: what was read goes out as it came, then this member.
        writeStart(generator, members);
        generator.writeFieldName(name);
        copy(value, parser, generator, reader);
        return;
      }
      members.put(name, parser.getText());
      next = parser.nextToken();
    }
    if (next == JsonToken.END_OBJECT && members.containsKey(Language.JA.code())) {
      generator.writeStartObject();
      for (Map.Entry<String, String> member : text(members, reader).entrySet()) {
        generator.writeStringField(member.getKey(), member.getValue());
      }
      generator.writeEndObject();
      return;
    }
    writeStart(generator, members);
    if (next == JsonToken.END_OBJECT) {
      generator.writeEndObject();
    } else {
      // A member that is not a language: the rest of the object is copied token by token.
      generator.writeFieldName(parser.currentName());
    }
  }

  private static void writeStart(JsonGenerator generator, Map<String, String> members)
      throws IOException {
    generator.writeStartObject();
    for (Map.Entry<String, String> member : members.entrySet()) {
      generator.writeStringField(member.getKey(), member.getValue());
    }
  }

  /** The text's members for the reader, as {@code ja} first and the one other language. */
  Map<String, String> text(Map<String, String> given, Reader reader) {
    String ja = given.get(Language.JA.code());
    String shownJa = translations.translate(ja, reader.japaneseText()).orElse(ja);
    Map<String, String> out = new LinkedHashMap<>();
    out.put(Language.JA.code(), shownJa);
    Language language = reader.language();
    if (language == Language.JA) {
      return out;
    }
    String other = other(given, ja, reader);
    if (other != null && !other.equals(shownJa)) {
      out.put(language.code(), other);
      return out;
    }
    String en = given.get(Language.EN.code());
    if (en != null && !en.equals(shownJa) && !en.isBlank()) {
      out.put(Language.EN.code(), en);
    }
    return out;
  }

  private String other(Map<String, String> given, String ja, Reader reader) {
    Language language = reader.language();
    Optional<String> translated = translations.translate(ja, reader);
    if (language == Language.EN) {
      // The data's own English is the authored one; a row or template only adds dates written
      // for the reader to a text the server composed.
      return translated.orElse(given.get(Language.EN.code()));
    }
    String own = given.get(language.code());
    if (own != null && !own.isBlank()) {
      // Written by a person (a notice in that language): theirs, not ours.
      return own;
    }
    return translated.orElse(null);
  }

  private JsonNode text(JsonNode node, Reader reader) {
    Map<String, String> given = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.entries()) {
      given.put(entry.getKey(), entry.getValue().getStringValue());
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    text(given, reader).forEach((k, v) -> out.put(k, JsonNode.createStringNode(v)));
    return JsonNode.createObjectNode(out);
  }

  /** An object of language codes to strings, Japanese among them. */
  static boolean isText(JsonNode node) {
    JsonNode ja = node.get(Language.JA.code());
    if (ja == null || !ja.isString()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> entry : node.entries()) {
      if (Language.ofCode(entry.getKey()).isEmpty() || !entry.getValue().isString()) {
        return false;
      }
    }
    return true;
  }
}
