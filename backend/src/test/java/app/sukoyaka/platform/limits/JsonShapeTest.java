package app.sukoyaka.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonShapeTest {
  private static JsonShape.Excess check(String json, int depth, int string) {
    return JsonShape.check(json.getBytes(StandardCharsets.UTF_8), depth, string);
  }

  @Test
  void nestingIsCountedOverObjectsAndArraysAlike() {
    assertThat(check("{\"a\":[{\"b\":[1]}]}", 4, 100)).isEqualTo(JsonShape.Excess.NONE);
    assertThat(check("{\"a\":[{\"b\":[[1]]}]}", 4, 100)).isEqualTo(JsonShape.Excess.NESTING);
  }

  @Test
  void bracketsInsideStringsAndEscapedQuotesDoNotCount() {
    assertThat(check("{\"a\":\"[[[[[{{{{\\\"[[[[\"}", 2, 100)).isEqualTo(JsonShape.Excess.NONE);
  }

  @Test
  void siblingsDoNotAddUp() {
    assertThat(check("[[1],[2],[3],[4],[5]]", 2, 100)).isEqualTo(JsonShape.Excess.NONE);
  }

  @Test
  void stringLengthCountsCharactersNotBytes() {
    // 𠮷 is four bytes in UTF-8 and one character here; ガ three bytes.
    assertThat(check("{\"n\":\"𠮷𠮷ガガ\"}", 4, 4)).isEqualTo(JsonShape.Excess.NONE);
    assertThat(check("{\"n\":\"𠮷𠮷ガガ5\"}", 4, 4)).isEqualTo(JsonShape.Excess.STRING);
    assertThat(check("{\"" + "k".repeat(5) + "\":1}", 4, 4)).isEqualTo(JsonShape.Excess.STRING);
  }

  @Test
  void truncatedAndMalformedTextIsLeftToTheParser() {
    assertThat(check("{\"a\":[1,2", 4, 4)).isEqualTo(JsonShape.Excess.NONE);
    assertThat(check("]]]]}}}", 1, 4)).isEqualTo(JsonShape.Excess.NONE);
    assertThat(check("\"unterminated", 1, 40)).isEqualTo(JsonShape.Excess.NONE);
  }
}
