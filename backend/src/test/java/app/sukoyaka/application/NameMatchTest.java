package app.sukoyaka.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameMatchTest {

  @Test
  void theSameNameWithOrWithoutSpacesOfEitherWidthMatches() {
    assertThat(NameMatch.matches("佐藤 美咲", "佐藤", "美咲", "サトウ", "ミサキ")).isTrue();
    assertThat(NameMatch.matches("佐藤　美咲", "佐藤", "美咲", "サトウ", "ミサキ")).isTrue();
    assertThat(NameMatch.matches("佐藤美咲", "佐藤", "美咲", "サトウ", "ミサキ")).isTrue();
  }

  @Test
  void theNameInKanaOrHalfWidthKanaOrGivenNameFirstMatches() {
    assertThat(NameMatch.matches("ｻﾄｳ ﾐｻｷ", "佐藤", "美咲", "サトウ", "ミサキ")).isTrue();
    assertThat(NameMatch.matches("美咲 佐藤", "佐藤", "美咲", "サトウ", "ミサキ")).isTrue();
  }

  @Test
  void anotherNameOrAnOldKanjiFormIsAMismatchForStaffToLookAt() {
    assertThat(NameMatch.matches("高橋 恵子", "佐藤", "美咲", "サトウ", "ミサキ")).isFalse();
    assertThat(NameMatch.matches("髙橋 恵子", "高橋", "恵子", "タカハシ", "ケイコ")).isFalse();
  }

  @Test
  void theCommonNameIsReadFromTheSubject() {
    assertThat(NameMatch.commonName("CN=佐藤 美咲,C=JP")).isEqualTo("佐藤 美咲");
    assertThat(NameMatch.commonName("O=Example,C=JP")).isEqualTo("O=Example,C=JP");
  }
}
