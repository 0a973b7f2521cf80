package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

  @Test
  void aVersionsTagNamesTheLanguageOfTheBodyWhenItWasWrittenForAReader() {
    assertThat(EntityTags.ofVersion(3, "en")).isEqualTo("\"3-en\"");
    assertThat(EntityTags.ofVersion(3, null)).isEqualTo("\"3\"");
    assertThat(EntityTags.noneMatchNames("\"3-ja\"", EntityTags.ofVersion(3, "en"))).isFalse();
    assertThat(EntityTags.noneMatchNames("W/\"3-en\"", EntityTags.ofVersion(3, "en"))).isTrue();
  }

  @Test
  void ifMatchNamesTheVersionWithOrWithoutItsLanguageAndNothingElse() {
    assertThat(EntityTags.versionOf("\"3\"")).isEqualTo(OptionalInt.of(3));
    assertThat(EntityTags.versionOf(" \"12-pt\" ")).isEqualTo(OptionalInt.of(12));
    assertThat(EntityTags.versionOf("W/\"3\"")).isEmpty();
    assertThat(EntityTags.versionOf("\"3\", \"4\"")).isEmpty();
    assertThat(EntityTags.versionOf("\"3-\"")).isEmpty();
    assertThat(EntityTags.versionOf("*")).isEmpty();
  }
}
