package app.sukoyaka.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The push payload schemas and their golden examples. */
class PushPayloadsTest {
  private final PushPayloads payloads = PushPayloads.load();

  private static Map<String, String> example(String file) {
    return new LinkedHashMap<>(PushPayloads.example(file));
  }

  @Test
  void everyGoldenExampleConformsToTheSchemaOfItsKind() {
    for (String file : PushPayloads.EXAMPLE_FILES) {
      assertThat(payloads.violations(example(file))).as(file).isEmpty();
    }
  }

  @Test
  void everyMemberOfAnExampleIsAStringAsFcmDataRequires() throws Exception {
    for (String file : PushPayloads.EXAMPLE_FILES) {
      JsonNode node = new ObjectMapper().readTree(DeepLinks.read(PushPayloads.EXAMPLES + file));
      assertThat(node.isObject()).as(file).isTrue();
      node.fields()
          .forEachRemaining(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
      assertThat(payloads.violations(node)).as(file).isEmpty();
    }
  }

  @Test
  void aNumberWhereFcmNeedsAStringIsRefused() throws Exception {
    JsonNode node =
        new ObjectMapper()
            .readTree(
                DeepLinks.read(PushPayloads.EXAMPLES + "notice.json")
                    .replace("\"language\": \"ja\"", "\"language\": 1"));
    assertThat(payloads.violations(node)).isNotEmpty();
  }

  @Test
  void aReminderThatNamesTheChildIsRefused() {
    Map<String, String> data = example("reminder-child.json");
    data.put("childName", "山田 蓮");
    assertThat(payloads.violations(data)).singleElement().asString().contains("childName");
  }

  @Test
  void aReminderIsAboutEitherAChildOrAPregnancy() {
    Map<String, String> both = example("reminder-child.json");
    both.put("pregnancyId", "5d7e2f6a-3c1b-4e8d-9a0f-1b2c3d4e5f60");
    assertThat(payloads.violations(both)).isNotEmpty();
    Map<String, String> neither = example("reminder-child.json");
    neither.remove("childId");
    assertThat(payloads.violations(neither)).isNotEmpty();
  }

  @Test
  void aNoticeWithoutItsNoticeIdOrWithAnotherKindIsRefused() {
    Map<String, String> withoutId = example("notice.json");
    withoutId.remove("noticeId");
    assertThat(payloads.violations(withoutId)).singleElement().asString().contains("noticeId");
    Map<String, String> otherKind = example("notice.json");
    otherKind.put("kind", "advert");
    assertThat(payloads.violations(otherKind)).singleElement().asString().contains("advert");
  }

  @Test
  void aMessageIdMustBeAUuidAndTheLinkOneOfTheApp() {
    Map<String, String> data = example("notice.json");
    data.put("messageId", "42");
    data.put("deepLink", "https://example.com/phish");
    assertThat(payloads.violations(data)).hasSize(2);
  }

  @Test
  void theExamplesOpenRoutesTheAppHas() {
    DeepLinks links = DeepLinks.load();
    for (String file : PushPayloads.EXAMPLE_FILES) {
      String link = example(file).get("deepLink");
      boolean known =
          links.routes().stream()
              .map(route -> route.template().replaceAll("\\{[^}]+}", "[^/]+"))
              .anyMatch(regex -> Pattern.matches(regex, link));
      assertThat(known).as(file + " " + link).isTrue();
    }
  }
}
