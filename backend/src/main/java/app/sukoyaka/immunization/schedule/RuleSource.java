package app.sukoyaka.immunization.schedule;

import java.util.List;

/**
 * The rule that decided a recommendation: its id in the schedule file (e.g. {@code
 * HIB/start-2m-7m/2/deadline}) and the sources that rule rests on.
 */
public record RuleSource(String rule, List<Citation> citations) {
  public RuleSource {
    citations = List.copyOf(citations);
  }
}
