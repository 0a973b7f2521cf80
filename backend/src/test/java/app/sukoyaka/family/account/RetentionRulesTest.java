package app.sukoyaka.family.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionRulesTest {
  private final RetentionRules rules = RetentionRules.load();

  @Test
  void everyRuleNamesItsReasonAndLegalSource() {
    assertThat(rules.version()).isNotBlank();
    assertThat(rules.rules())
        .allSatisfy(
            rule -> {
              assertThat(rule.sources()).as(rule.kind()).isNotEmpty();
              assertThat(rule.reason()).as(rule.kind()).isNotBlank();
              assertThat(rule.tables()).as(rule.kind()).isNotEmpty();
            });
  }

  @Test
  void whatTheMunicipalityMustKeepStaysAndTheAppAccountGoes() {
    assertThat(rules.rules())
        .filteredOn(RetentionRules.Rule::keep)
        .extracting(RetentionRules.Rule::kind)
        .contains("checkups", "immunizations", "notice-deliveries");
    assertThat(rules.rules())
        .filteredOn(rule -> !rule.keep())
        .extracting(RetentionRules.Rule::kind)
        .contains(
            "login",
            "devices",
            "notification-settings",
            "push-log",
            "invitations",
            "app-account",
            "parent-recorded-vaccinations");
  }

  @Test
  void aKindTheRulesDeleteWithoutAnErasureStopsTheService() {
    assertThatThrownBy(() -> AccountDeletions.ordered(rules, List.of()))
        .hasMessageContaining("Nothing carries out the deletion of");
  }

  @Test
  void anErasureWithoutARuleStopsTheService() {
    AccountErasure unknown =
        new AccountErasure() {
          @Override
          public String kind() {
            return "diary";
          }

          @Override
          public void erase(DeletedAccount account) {}
        };
    RetentionRules keepOnly =
        new RetentionRules("t", rules.rules().stream().filter(RetentionRules.Rule::keep).toList());

    assertThatThrownBy(() -> AccountDeletions.ordered(keepOnly, List.of(unknown)))
        .hasMessageContaining("No retention rule for diary");
  }
}
