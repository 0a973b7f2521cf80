package app.sukoyaka.apispec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One OpenAPI path template such as {@code /api/v1/pregnancies/{pregnancyId}/handbook}. */
final class PathTemplate {

  private static final Pattern PARAMETER = Pattern.compile("\\{([^{}/]+)}");

  /**
   * Concrete paths win over templated ones (OpenAPI 3.1, Paths Object): more literal characters
   * first, then fewer parameters.
   */
  static final Comparator<PathTemplate> MOST_SPECIFIC_FIRST =
      Comparator.comparingInt((PathTemplate t) -> -t.literalLength)
          .thenComparingInt(t -> t.parameterNames.size())
          .thenComparing(t -> t.template);

  private final String template;
  private final Pattern pattern;
  private final List<String> parameterNames;
  private final int literalLength;

  PathTemplate(String template) {
    this.template = template;
    StringBuilder regex = new StringBuilder("^");
    List<String> names = new ArrayList<>();
    Matcher m = PARAMETER.matcher(template);
    int literal = 0;
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      literal += m.start() - last;
      // A parameter spans one whole or partial segment, never a slash.
      regex.append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append('$');
    literal += template.length() - last;
    this.pattern = Pattern.compile(regex.toString());
    this.parameterNames = List.copyOf(names);
    this.literalLength = literal;
  }

  String template() {
    return template;
  }

  /**
   * Matches a raw (still percent-encoded) request path and returns the raw parameter values by
   * name; decoding after matching keeps an encoded slash inside its segment.
   */
  Optional<Map<String, String>> match(String rawPath) {
    Matcher m = pattern.matcher(rawPath);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < parameterNames.size(); i++) {
      values.put(parameterNames.get(i), m.group(i + 1));
    }
    return Optional.of(values);
  }
}
