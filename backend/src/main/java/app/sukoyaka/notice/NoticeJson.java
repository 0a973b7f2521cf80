package app.sukoyaka.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a notice's texts, links, question and audience query are kept in their {@code jsonb} columns.
 * Texts are objects keyed by language with Japanese first; the question and the audience query keep
 * the API's member names, so that what is stored reads like what was sent.
 */
final class NoticeJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private NoticeJson() {}

  /** Texts by language, Japanese first and the others in alphabetical order. */
  static Map<String, String> ordered(Map<String, String> texts) {
    Map<String, String> ordered = new LinkedHashMap<>();
    if (texts.containsKey("ja")) {
      ordered.put("ja", texts.get("ja"));
    }
    new TreeMap<>(texts).forEach(ordered::putIfAbsent);
    return ordered;
  }

  static String texts(Map<String, String> texts) {
    return write(JSON.valueToTree(ordered(texts)));
  }

  static Map<String, String> texts(String json) {
    try {
      return ordered(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored texts are not JSON", e);
    }
  }

  static String links(List<NoticeContent.Link> links) {
    ArrayNode array = JSON.createArrayNode();
    for (NoticeContent.Link link : links) {
      array.addObject().put("title", link.title()).put("url", link.url());
    }
    return write(array);
  }

  static List<NoticeContent.Link> links(String json) {
    List<NoticeContent.Link> links = new ArrayList<>();
    for (JsonNode node : read(json)) {
      links.add(new NoticeContent.Link(node.path("title").asText(), node.path("url").asText()));
    }
    return links;
  }

  static String question(NoticeContent.NoticeQuestion question) {
    if (question == null) {
      return null;
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("type", question.type().code());
    node.set("prompt", JSON.valueToTree(ordered(question.prompt())));
    ArrayNode options = node.putArray("options");
    for (NoticeContent.Option option : question.options()) {
      ObjectNode o = options.addObject();
      o.put("code", option.code());
      o.set("label", JSON.valueToTree(ordered(option.label())));
    }
    ArrayNode dates = node.putArray("dates");
    question.dates().forEach(date -> dates.add(date.toString()));
    if (question.maxLength() != null) {
      node.put("maxLength", question.maxLength());
    }
    return write(node);
  }

  static NoticeContent.NoticeQuestion question(String json) {
    if (json == null) {
      return null;
    }
    JsonNode node = read(json);
    List<NoticeContent.Option> options = new ArrayList<>();
    for (JsonNode o : node.path("options")) {
      options.add(new NoticeContent.Option(o.path("code").asText(), textsOf(o.path("label"))));
    }
    List<LocalDate> dates = new ArrayList<>();
    node.path("dates").forEach(d -> dates.add(LocalDate.parse(d.asText())));
    return new NoticeContent.NoticeQuestion(
        QuestionType.of(node.path("type").asText()).orElseThrow(),
        textsOf(node.path("prompt")),
        options,
        dates,
        node.hasNonNull("maxLength") ? node.get("maxLength").asInt() : null);
  }

  static String query(NoticeBodies.AudienceQuery query) {
    return write(JSON.valueToTree(query));
  }

  static NoticeBodies.AudienceQuery query(String json) {
    try {
      return JSON.readValue(json, NoticeBodies.AudienceQuery.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored audience query is not readable", e);
    }
  }

  private static Map<String, String> textsOf(JsonNode node) {
    Map<String, String> texts = new LinkedHashMap<>();
    node.properties().forEach(e -> texts.put(e.getKey(), e.getValue().asText()));
    return ordered(texts);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored notice member is not JSON", e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
