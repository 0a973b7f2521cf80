package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextLocalizerTest {
  private final TextLocalizer localizer = new TextLocalizer(Translations.load());

  private static JsonNode text(String... pairs) {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      members.put(pairs[i], JsonNode.createStringNode(pairs[i + 1]));
    }
    return JsonNode.createObjectNode(members);
  }

  private static JsonNode finding(JsonNode label, JsonNode display) {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    members.put("item", JsonNode.createStringNode("fetal-heartbeat"));
    members.put("label", label);
    members.put("display", display);
    return JsonNode.createObjectNode(members);
  }

  @Test
  void aJapaneseReaderGetsTheJapaneseAlone() {
    JsonNode out = localizer.localize(text("ja", "なし", "en", "No"), Reader.of(Language.JA));
    assertThat(out.get("ja").getStringValue()).isEqualTo("なし");
    assertThat(out.size()).isEqualTo(1);
  }

  @Test
  void aVietnameseReaderGetsTheJapaneseOriginalAndVietnameseAndNothingElse() {
    JsonNode body =
        JsonNode.createArrayNode(
            List.of(finding(text("ja", "なし", "en", "No"), text("ja", "3 か月", "en", "3 months"))));
    JsonNode out = localizer.localize(body, Reader.of(Language.VI)).get(0);
    assertThat(out.get("item").getStringValue()).isEqualTo("fetal-heartbeat");
    assertThat(out.get("label").get("ja").getStringValue()).isEqualTo("なし");
    assertThat(out.get("label").get("vi").getStringValue()).isEqualTo("Không");
    assertThat(out.get("label").size()).isEqualTo(2);
    assertThat(out.get("display").get("vi").getStringValue()).isEqualTo("3 tháng");
  }

  @Test
  void withoutATranslationTheEnglishOfTheTextIsGivenInstead() {
    JsonNode out =
        localizer.localize(
            text("ja", "保健センターからのお知らせ", "en", "From the health centre"), Reader.of(Language.NE));
    assertThat(out.get("en").getStringValue()).isEqualTo("From the health centre");
    assertThat(out.get("ne")).isNull();
  }

  @Test
  void aNoticeWrittenByStaffInTheReadersLanguageIsShownAsTheyWroteIt() {
    JsonNode out =
        localizer.localize(
            text("ja", "健診のご案内", "en", "Checkup", "pt", "Convite para o exame"),
            Reader.of(Language.PT));
    assertThat(out.get("pt").getStringValue()).isEqualTo("Convite para o exame");
    assertThat(out.get("en")).isNull();
  }

  @Test
  void aSecondLanguageThatSaysWhatTheJapaneseSaysIsLeftOut() {
    JsonNode out =
        localizer.localize(text("ja", "58.4 kg", "en", "58.4 kg"), Reader.of(Language.KO));
    assertThat(out.size()).isEqualTo(1);
  }

  @Test
  void objectsThatAreNotTextsAreLeftAsTheyAre() {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    members.put("ja", JsonNode.createStringNode("x"));
    members.put("code", JsonNode.createStringNode("y"));
    JsonNode notText = JsonNode.createObjectNode(members);
    assertThat(localizer.localize(notText, Reader.of(Language.VI))).isEqualTo(notText);
  }

  /** The streaming pass over bytes gives what the tree gives, token for token. */
  private void assertStreamingAgrees(String json, Reader reader) throws Exception {
    io.micronaut.json.JsonMapper mapper = io.micronaut.json.JsonMapper.createDefault();
    JsonNode tree = mapper.readValue(json, JsonNode.class);
    JsonNode expected = localizer.localize(tree, reader);
    byte[] streamed =
        localizer.localize(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), reader);
    assertThat(mapper.readValue(streamed, JsonNode.class))
        .as(new String(streamed))
        .isEqualTo(expected);
  }

  @Test
  void theStreamingPassOverABodyWritesWhatTheTreeWrites() throws Exception {
    String body =
        "{\"full\":true,\"count\":3,\"ratio\":58.40,\"nothing\":null,\"empty\":{},"
            + "\"onlyEnglish\":{\"en\":\"x\"},"
            + "\"label\":{\"ja\":\"なし\",\"en\":\"No\"},"
            + "\"staff\":{\"ja\":\"健診のご案内\",\"en\":\"Checkup\",\"pt\":\"Convite\"},"
            + "\"notText\":{\"ja\":\"x\",\"code\":\"y\",\"nested\":{\"ja\":\"あり\",\"en\":\"Yes\"}},"
            + "\"langThenObject\":{\"ja\":\"x\",\"en\":{\"ja\":\"なし\",\"en\":\"No\"}},"
            + "\"changes\":[{\"data\":{\"display\":{\"ja\":\"3 か月\",\"en\":\"3 months\"},"
            + "\"values\":[1,2.5,-3e2,true,false,null,\"s\"]}},[],[{\"ja\":\"日\",\"en\":\"days\"}]]}";
    for (Language language : Language.values()) {
      assertStreamingAgrees(body, Reader.of(language));
    }
  }

  @Test
  void theStreamingPassKeepsEveryNumberAsItWasWritten() throws Exception {
    byte[] out =
        localizer.localize(
            "{\"a\":58.40,\"b\":140,\"c\":{\"ja\":\"x\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Reader.of(Language.VI));
    assertThat(new String(out, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":58.40,\"b\":140,\"c\":{\"ja\":\"x\"}}");
  }
}
