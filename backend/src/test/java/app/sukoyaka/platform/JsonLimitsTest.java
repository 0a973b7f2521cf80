package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {
  private final JsonLimits limits = new JsonLimits(new JsonLimitsConfiguration(10, 50, 8));

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "[1]" + "}".repeat(depth - 1);
  }

  @Test
  void aBodyWithinEveryLimitPasses() {
    assertThat(limits.exceeded(nested(10))).isNull();
    assertThat(limits.exceeded("{\"s\":\"" + "あ".repeat(50) + "\",\"n\":12345678}")).isNull();
  }

  @Test
  void nestingBeyondTheLimitIsNamedAsSuch() {
    assertThat(limits.exceeded(nested(11))).contains("nest");
    assertThat(limits.exceeded("[".repeat(100_000))).contains("nest");
  }

  @Test
  void aStringOrMemberNameBeyondTheLimitIsNamedAsSuch() {
    assertThat(limits.exceeded("{\"s\":\"" + "x".repeat(51) + "\"}")).contains("string");
    assertThat(limits.exceeded("{\"" + "k".repeat(51) + "\":1}")).contains("name");
  }

  @Test
  void aNumberWithMoreDigitsThanTheLimitIsNamedAsSuch() {
    assertThat(limits.exceeded("{\"n\":123456789}")).contains("number");
    assertThat(limits.exceeded("{\"n\":1.23456789}")).contains("number");
  }

  @Test
  void whatIsNotJsonIsLeftToItsReader() {
    assertThat(limits.exceeded("{\"a\":")).isNull();
    assertThat(limits.exceeded(new byte[] {'{', (byte) 0xC3, '"', (byte) 0xFF})).isNull();
    assertThat(limits.exceeded("")).isNull();
    assertThat(limits.exceeded((String) null)).isNull();
  }

  @Test
  void theWordsNameNeitherTheParserNorItsSettings() {
    String words = limits.exceeded(nested(11).getBytes(StandardCharsets.UTF_8));
    assertThat(words).doesNotContain("Jackson").doesNotContain("StreamReadConstraints");
  }

  @Test
  void aLoneSurrogateInAStringIsNotUnicode() {
    for (String body :
        new String[] {
          "{\"s\":\"\\ud842\"}", "{\"s\":\"x\\udfb7\"}", "[\"\\udfb7\\ud842\"]", "\"\\ud842x\""
        }) {
      assertThat(limits.fault(body)).as(body).isNotNull();
      assertThat(limits.fault(body).code()).as(body).isEqualTo(ErrorCode.REQUEST_TEXT_NOT_UNICODE);
    }
  }

  @Test
  void aMemberNameWithALoneSurrogateIsLeftToTheReaderWhichRefusesItAsMalformed() {
    assertThat(limits.fault("{\"\\ud800\":1}")).isNull();
  }

  @Test
  void aSurrogatePairWhetherEscapedOrNotIsUnicode() {
    assertThat(limits.fault("{\"s\":\"\\ud842\\udfb7田\"}")).isNull();
    assertThat(limits.fault("{\"s\":\"𠮷😀\"}")).isNull();
  }

  @Test
  void moreAfterTheBodysValueIsMalformedButWhitespaceIsNot() {
    for (String body : new String[] {"{} xyz", "{}{\"b\":2}", "{\"a\":1}}}", "[] 1", "1 2"}) {
      assertThat(limits.fault(body)).as(body).isNotNull();
      assertThat(limits.fault(body).code()).as(body).isEqualTo(ErrorCode.REQUEST_MALFORMED_JSON);
    }
    assertThat(limits.fault("{\"a\":1} \r\n\t")).isNull();
    assertThat(limits.fault("\n 1 \n")).isNull();
  }

  @Test
  void theLimitsComeBeforeWhatFollowsTheValue() {
    assertThat(limits.fault(nested(11) + "}").code()).isEqualTo(ErrorCode.REQUEST_JSON_LIMIT);
    assertThat(limits.exceeded("{} xyz")).isNull();
  }
}
