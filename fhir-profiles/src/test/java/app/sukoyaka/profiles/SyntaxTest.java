package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each hand-written matcher of {@link Syntax} accepts exactly what the compiled check's pattern
 * accepts, and the UTF-8 check exactly what the JDK's decoder takes with malformed input reported:
 * on every short string over the characters that matter, and on many random edits of valid values.
 */
class SyntaxTest {

  private static final Random RANDOM = new Random(20_261_203L);

  @Test
  void decimalsAndIntegersAreExactlyThePatternsOnEveryShortString() {
    String alphabet = "0129.-+eE ";
    List<String> all = allStrings(alphabet, 6);
    assertSame(all, CompiledSubmissionCheck.DECIMAL, Syntax::isDecimal);
    assertSame(all, CompiledSubmissionCheck.INTEGER, Syntax::isInteger);
    assertSame(
        edits(List.of("123456789.123456", "-123456789", "0.000001", "58.20"), "0159.-", 200_000),
        CompiledSubmissionCheck.DECIMAL,
        Syntax::isDecimal);
    assertSame(
        edits(List.of("123456789", "-123456789", "0", "-7"), "0159.-", 200_000),
        CompiledSubmissionCheck.INTEGER,
        Syntax::isInteger);
  }

  @Test
  void datesAndDateTimesAreExactlyThePatterns() {
    List<String> valid =
        List.of(
            "2026-11-20",
            "1999-01-31",
            "2026-11-20T10:00:00+09:00",
            "2026-11-20T23:59:59.123456789Z",
            "2026-11-20T00:00:00-13:59",
            "2026-11-20T12:30:45.5+14:00",
            "2026-02-29T10:00:00-00:00");
    List<String> strings = edits(valid, "0123459-T:.Z+1", 400_000);
    assertSame(strings, CompiledSubmissionCheck.DATE, Syntax::isDate);
    assertSame(strings, CompiledSubmissionCheck.DATE_TIME, Syntax::isDateTime);
  }

  @Test
  void urnUuidsAreExactlyThePattern() {
    List<String> strings =
        edits(
            List.of(
                "urn:uuid:6f1c9a2e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
                "urn:uuid:00000000-0000-0000-0000-000000000000"),
            "0af9-gA:u",
            200_000);
    assertSame(strings, CompiledSubmissionCheck.URN_UUID, Syntax::isUrnUuid);
  }

  @Test
  void httpUrlsAreExactlyThePattern() {
    List<String> strings =
        edits(
            List.of(
                "https://sukoyaka.app/fhir/sid/boshi-techo/131059",
                "http://a.b",
                "https://clinic.example.jp/fhir/sid/submission/",
                "http://x-1.y-2.z/A_b.c~d-e/"),
            "ab-./:A_~9sh",
            400_000);
    strings.addAll(allStrings("a-./:", 5).stream().map(s -> "http://" + s).toList());
    assertSame(strings, CompiledSubmissionCheck.HTTP_URL, Syntax::isHttpUrl);
  }

  @Test
  void wellFormedUtf8IsExactlyWhatTheJdksDecoderTakes() {
    byte[] interesting = {
      0x00,
      0x41,
      0x7F,
      (byte) 0x80,
      (byte) 0x8F,
      (byte) 0x90,
      (byte) 0x9F,
      (byte) 0xA0,
      (byte) 0xBF,
      (byte) 0xC0,
      (byte) 0xC1,
      (byte) 0xC2,
      (byte) 0xDF,
      (byte) 0xE0,
      (byte) 0xE3,
      (byte) 0xED,
      (byte) 0xEF,
      (byte) 0xF0,
      (byte) 0xF4,
      (byte) 0xF5,
      (byte) 0xFF
    };
    int disagreements = 0;
    int wellFormed = 0;
    for (int i = 0; i < 300_000; i++) {
      // An ASCII run of 0 to 17 bytes first, so that the eight-at-a-time path meets the rest.
      int prefix = RANDOM.nextInt(18);
      int tail = RANDOM.nextInt(7);
      byte[] bytes = new byte[prefix + tail];
      for (int j = 0; j < prefix; j++) {
        bytes[j] = (byte) ('a' + RANDOM.nextInt(26));
      }
      for (int j = 0; j < tail; j++) {
        bytes[prefix + j] = interesting[RANDOM.nextInt(interesting.length)];
      }
      boolean jdk = jdkDecodes(bytes);
      wellFormed += jdk ? 1 : 0;
      if (jdk != Syntax.wellFormedUtf8(bytes)) {
        disagreements++;
      }
      boolean zero = false;
      for (byte b : bytes) {
        zero |= b == 0;
      }
      assertThat(Syntax.hasZeroByte(bytes)).isEqualTo(zero);
    }
    assertThat(disagreements).isZero();
    assertThat(wellFormed).as("well-formed samples").isGreaterThan(10_000);
    String japanese = "{\"text\":\"佐藤 美咲 𠮷野家 ＡＢＣ\"}";
    assertThat(Syntax.wellFormedUtf8(japanese.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertSame(List<String> strings, Pattern pattern, Predicate<String> matcher) {
    List<String> differ = new ArrayList<>();
    int matched = 0;
    for (String text : strings) {
      boolean expected = pattern.matcher(text).matches();
      matched += expected ? 1 : 0;
      if (expected != matcher.test(text) && differ.size() < 20) {
        differ.add(text + " (pattern " + expected + ")");
      }
    }
    assertThat(differ).as("strings where the matcher and " + pattern).isEmpty();
    assertThat(matched).as("strings the pattern matches").isGreaterThan(strings.size() / 1000);
  }

  /** Every string of up to {@code length} characters of the alphabet. */
  private static List<String> allStrings(String alphabet, int length) {
    List<String> strings = new ArrayList<>();
    strings.add("");
    int from = 0;
    for (int l = 1; l <= length; l++) {
      int to = strings.size();
      for (int i = from; i < to; i++) {
        for (char c : alphabet.toCharArray()) {
          strings.add(strings.get(i) + c);
        }
      }
      from = to;
    }
    return strings;
  }

  /** The valid values and random edits of them: one to three characters replaced, added or cut. */
  private static List<String> edits(List<String> valid, String alphabet, int count) {
    List<String> strings = new ArrayList<>(valid);
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder(valid.get(RANDOM.nextInt(valid.size())));
      int changes = 1 + RANDOM.nextInt(3);
      for (int c = 0; c < changes; c++) {
        int at = text.length() == 0 ? 0 : RANDOM.nextInt(text.length());
        char ch = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        switch (RANDOM.nextInt(4)) {
          case 0 -> {
            if (text.length() > 0) {
              text.setCharAt(at, ch);
            }
          }
          case 1 -> text.insert(at, ch);
          case 2 -> {
            if (text.length() > 0) {
              text.deleteCharAt(at);
            }
          }
          default -> text.setLength(at);
        }
      }
      strings.add(text.toString());
    }
    return strings;
  }

  private static boolean jdkDecodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
