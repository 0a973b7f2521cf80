package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The texts the code writes for parents are data: every one used, complete and consistent. */
class ServerTextsTest {
  private final ServerTexts texts = ServerTexts.get();

  private static Set<String> placeholders(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = Translations.PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void everyTextNamesAClassThatShowsItAndKeepsItsPlaceholdersInEnglish() throws Exception {
    JsonNode root;
    try (InputStream in = ServerTexts.class.getResourceAsStream(ServerTexts.RESOURCE)) {
      root = new ObjectMapper().readTree(in);
    }
    assertThat(texts.texts()).isNotEmpty();
    var fields = root.path("texts").fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      String usedBy = entry.getValue().path("usedBy").asText();
      assertThat(Class.forName("app.sukoyaka." + usedBy)).as(entry.getKey()).isNotNull();
      ServerTexts.Text text = texts.text(entry.getKey());
      assertThat(placeholders(text.en())).as(entry.getKey()).isEqualTo(placeholders(text.ja()));
    }
  }

  @Test
  void everyUnitACheckupFindingIsRecordedInReadsInWordsAndAsAQuantity() {
    for (CatalogItem item : CheckupItemCatalog.load().items()) {
      item.canonicalUnit()
          .ifPresent(
              ucum ->
                  assertThat(texts.unit(ucum)).as("unit %s of %s", ucum, item.code()).isPresent());
    }
    ServerTexts.Unit days = texts.unit("d").orElseThrow();
    assertThat(days.of("140")).isEqualTo(new ServerTexts.Text("140 日", "140 days"));
    assertThat(texts.unit("mm[Hg]").orElseThrow().of("118").ja()).isEqualTo("118 mmHg");
  }

  @Test
  void aKeyTheFileDoesNotHaveIsAMistakeInTheCode() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> texts.text("no.such.text"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
