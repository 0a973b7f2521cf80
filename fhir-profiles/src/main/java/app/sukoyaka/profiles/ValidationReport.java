package app.sukoyaka.profiles;

import java.util.List;

/** The outcome of validating a resource against the Sukoyaka profiles. */
public record ValidationReport(List<ValidationIssue> issues) {

  public ValidationReport {
    issues = List.copyOf(issues);
  }

  /** True when no issue is an error or fatal; warnings and information do not count. */
  public boolean isValid() {
    return issues.stream().noneMatch(issue -> issue.severity().isBlocking());
  }

  /** The errors and fatal issues only. */
  public List<ValidationIssue> errors() {
    return issues.stream().filter(issue -> issue.severity().isBlocking()).toList();
  }
}
