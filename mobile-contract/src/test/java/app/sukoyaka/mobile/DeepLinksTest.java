package app.sukoyaka.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.apispec.OpenApiContract;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeepLinksTest {

  private static final String PREGNANCY = "5d7e2f6a-3c1b-4e8d-9a0f-1b2c3d4e5f60";
  private static final String CHECKUP = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809";

  private final DeepLinks links = DeepLinks.load();

  private static Set<ValidationMessage> validateAgainstSchema(String json) {
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                DeepLinks.read(DeepLinks.SCHEMA_RESOURCE),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    return schema.validate(json, InputFormat.JSON);
  }

  @Test
  void theRoutesFileValidatesAgainstItsSchema() {
    assertThat(validateAgainstSchema(DeepLinks.read(DeepLinks.RESOURCE))).isEmpty();
  }

  @Test
  void theSchemaRejectsARouteWithoutAnOperation() {
    String route =
        """
        {"scheme": "sukoyaka", "routes": [{"name": "home", "template": "sukoyaka://home",
          "description": "Start", "parameters": []}]}
        """;
    assertThat(validateAgainstSchema(route))
        .singleElement()
        .extracting(ValidationMessage::getMessage)
        .asString()
        .contains("operationId");
  }

  @Test
  void everyOperationARouteNamesExistsInTheApiSpec() {
    Set<String> operations = OpenApiContract.load().operationIds();
    assertThat(links.routes())
        .isNotEmpty()
        .allSatisfy(route -> assertThat(operations).contains(route.operationId()));
  }

  @Test
  void theFirstSliceHasHomePregnancyCheckupAndChildRoutes() {
    assertThat(links.scheme()).isEqualTo("sukoyaka");
    assertThat(links.routeNames())
        .startsWith("home", "pregnancyHandbook", "pregnancyCheckup", "child");
  }

  @Test
  void buildFillsTheTemplate() {
    assertThat(links.build("home", Map.of())).isEqualTo("sukoyaka://home");
    assertThat(links.build("pregnancyHandbook", Map.of("pregnancyId", PREGNANCY)))
        .isEqualTo("sukoyaka://pregnancies/" + PREGNANCY);
    assertThat(
            links.build("pregnancyCheckup", Map.of("pregnancyId", PREGNANCY, "checkupId", CHECKUP)))
        .isEqualTo("sukoyaka://pregnancies/" + PREGNANCY + "/checkups/" + CHECKUP);
    assertThat(links.build("child", Map.of("childId", CHECKUP)))
        .isEqualTo("sukoyaka://children/" + CHECKUP);
  }

  @Test
  void aNoticeLinkOpensTheGuardiansInboxNotice() {
    String notice = "01932f4e-8a1b-7c2d-9e3f-4a5b6c7d8e9f";
    assertThat(links.build("notice", Map.of("noticeId", notice)))
        .isEqualTo("sukoyaka://notices/" + notice);
    assertThat(links.routes())
        .filteredOn(route -> route.name().equals("notice"))
        .singleElement()
        .extracting(DeepLinks.Route::operationId)
        .isEqualTo("getMyNotice");
  }

  @Test
  void aReminderPushOpensTheGuardiansReminderListAtThatReminder() {
    assertThat(links.build("reminder", Map.of("reminderId", CHECKUP)))
        .isEqualTo("sukoyaka://reminders/" + CHECKUP);
    assertThat(links.routes())
        .filteredOn(route -> route.name().equals("reminder"))
        .singleElement()
        .extracting(DeepLinks.Route::operationId)
        .isEqualTo("getMyReminders");
  }

  @Test
  void buildRejectsAMissingParameter() {
    assertThatThrownBy(() -> links.build("pregnancyCheckup", Map.of("pregnancyId", PREGNANCY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkupId");
    assertThatThrownBy(() -> links.build("child", Map.of("childId", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("childId");
  }

  @Test
  void buildRejectsAnUnknownRouteOrParameter() {
    assertThatThrownBy(() -> links.build("settings", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settings");
    assertThatThrownBy(() -> links.build("home", Map.of("childId", CHECKUP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("childId");
  }

  @Test
  void buildRejectsAnIdThatIsNotAUuid() {
    assertThatThrownBy(() -> links.build("pregnancyHandbook", Map.of("pregnancyId", "../admin")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UUID");
  }

  @Test
  void buildPercentEncodesFreeTextSoItStaysOneSegment() {
    DeepLinks search =
        DeepLinks.parse(
            """
            {"scheme": "sukoyaka", "routes": [{"name": "notice",
              "template": "sukoyaka://notices/{topic}", "description": "Notices on a topic",
              "parameters": [{"name": "topic", "description": "Free text"}],
              "operationId": "getMyHandbooks"}]}
            """);
    assertThat(search.build("notice", Map.of("topic", "予防接種 a/b?c")))
        .isEqualTo("sukoyaka://notices/%E4%BA%88%E9%98%B2%E6%8E%A5%E7%A8%AE%20a%2Fb%3Fc");
  }

  @Test
  void parametersMustMatchTheTemplatePlaceholders() {
    assertThatThrownBy(
            () ->
                DeepLinks.parse(
                    """
                    {"scheme": "sukoyaka", "routes": [{"name": "child",
                      "template": "sukoyaka://children/{childId}", "description": "Child",
                      "parameters": [], "operationId": "getMyHandbooks"}]}
                    """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("child");
  }
}
