package app.sukoyaka.apispec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.apispec.OpenApiContract.Exchange;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {

  private static final String JSON = "application/json";
  private static final String PROBLEM = "application/problem+json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String PREGNANCY = "5d7e2f6a-3c1b-4e8d-9a0f-1b2c3d4e5f60";
  private static final String HANDBOOK_PATH = "/api/v1/pregnancies/" + PREGNANCY + "/handbook";

  private static final String MY_HANDBOOKS =
      """
      {
        "guardianId": "0b9f3c2e-6a51-4f1e-9d3b-2f8e7c1a5d40",
        "displayName": "山田 花子",
        "pregnancies": [
          {
            "id": "5d7e2f6a-3c1b-4e8d-9a0f-1b2c3d4e5f60",
            "municipalityCode": "131016",
            "handbookNumber": {"system": "https://sukoyaka.app/fhir/sid/boshi-techo/131016", "value": "2025-000123"},
            "expectedDeliveryDate": "2025-11-20",
            "status": "active"
          }
        ],
        "children": [
          {
            "id": "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
            "municipalityCode": "131016",
            "handbookNumber": null,
            "displayName": "山田 蓮",
            "birthDate": "2022-04-03",
            "sex": "male"
          }
        ]
      }
      """;

  private static final String WEIGHT_QUANTITY =
      "\"quantity\": {\"value\": 58.4, \"unit\": \"kg\","
          + " \"unitLabel\": {\"ja\": \"kg\", \"en\": \"kg\"}},";

  private static final String PREGNANCY_HANDBOOK =
      """
      {
        "pregnancy": {
          "id": "5d7e2f6a-3c1b-4e8d-9a0f-1b2c3d4e5f60",
          "municipalityCode": "131016",
          "handbookNumber": {"system": "https://sukoyaka.app/fhir/sid/boshi-techo/131016", "value": "2025-000123"},
          "expectedDeliveryDate": null,
          "status": "active",
          "motherName": "山田 花子",
          "handbookIssuedOn": "2025-04-08"
        },
        "checkups": [
          {
            "id": "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809",
            "kind": "prenatal",
            "kindLabel": {"ja": "妊婦健康診査", "en": "Prenatal checkup"},
            "kindName": null,
            "visitDate": "2025-07-03",
            "gestationalAgeDays": 140,
            "facility": {"name": "すこやかレディースクリニック", "medicalInstitutionCode": "1311234567"},
            "recordedAt": "2025-07-03T02:15:00Z",
            "overallJudgement": null,
            "followUp": null,
            "findings": [
              {
                "item": "body-weight",
                "label": {"ja": "体重", "en": "Body weight"},
                "valueType": "quantity",
                "quantity": {"value": 58.4, "unit": "kg", "unitLabel": {"ja": "kg", "en": "kg"}},
                "display": {"ja": "58.4 kg", "en": "58.4 kg"},
                "mandatoryDigitisation": true,
                "recordedBy": "clinic"
              }
            ]
          }
        ]
      }
      """;

  private static final String UNAUTHORIZED =
      """
      {
        "type": "https://sukoyaka.app/problems/SKY-1001",
        "title": "Authentication required",
        "status": 401,
        "detail": "A bearer token is required.",
        "code": "SKY-1001"
      }
      """;

  private static final String TOKEN_REQUEST =
      "grant_type=client_credentials"
          + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
          + "&client_assertion=eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjbGluaWMifQ.c2ln"
          + "&scope=system%2FBundle.c";

  private final OpenApiContract contract = OpenApiContract.load();

  private static Exchange get(String path, int status, String contentType, String body) {
    return new Exchange("GET", path, null, null, status, contentType, body);
  }

  @Test
  void aConformingHandbookExchangeHasNoViolations() {
    assertThat(contract.violations(get("/api/v1/me", 200, JSON, MY_HANDBOOKS))).isEmpty();
    assertThat(contract.violations(get(HANDBOOK_PATH, 200, JSON, PREGNANCY_HANDBOOK))).isEmpty();
    assertThatNoException()
        .isThrownBy(() -> contract.assertConforms(get("/api/v1/me", 200, JSON, MY_HANDBOOKS)));
  }

  @Test
  void contentTypeParametersAndCaseAreIgnored() {
    assertThat(
            contract.violations(
                get("/api/v1/me", 401, "Application/Problem+JSON; charset=UTF-8", UNAUTHORIZED)))
        .isEmpty();
  }

  @Test
  void anAbsoluteUrlIsCheckedByItsPath() {
    assertThat(contract.violations(get("http://localhost:8080/api/v1/me", 200, JSON, MY_HANDBOOKS)))
        .isEmpty();
  }

  @Test
  void anUnknownPathIsAViolation() {
    assertThat(contract.violations(get("/api/v1/nothing", 200, JSON, "{}")))
        .containsExactly("no documented path matches /api/v1/nothing");
  }

  @Test
  void aTrailingSlashIsADifferentPath() {
    assertThat(contract.violations(get("/api/v1/me/", 200, JSON, MY_HANDBOOKS)))
        .containsExactly("no documented path matches /api/v1/me/");
  }

  @Test
  void anUndocumentedMethodIsAViolation() {
    assertThat(
            contract.violations(new Exchange("DELETE", "/api/v1/me", null, null, 204, null, null)))
        .containsExactly("DELETE is not documented for /api/v1/me (documented: GET)");
  }

  @Test
  void anUndocumentedStatusIsAViolation() {
    assertThat(contract.violations(get("/api/v1/me", 404, PROBLEM, UNAUTHORIZED)))
        .singleElement()
        .asString()
        .startsWith("status 404 is not documented");
  }

  @Test
  void aProblemServedAsPlainJsonIsAViolation() {
    assertThat(contract.violations(get("/api/v1/me", 401, JSON, UNAUTHORIZED)))
        .singleElement()
        .asString()
        .startsWith("response content type application/json is not documented");
  }

  @Test
  void aMissingResponseContentTypeIsAViolation() {
    assertThat(contract.violations(get("/api/v1/me", 200, null, MY_HANDBOOKS)))
        .singleElement()
        .asString()
        .startsWith("response content type is missing");
  }

  @Test
  void aBodyMissingARequiredMemberIsAViolation() {
    String body = MY_HANDBOOKS.replace("\"displayName\": \"山田 花子\",", "");
    assertThat(contract.violations(get("/api/v1/me", 200, JSON, body)))
        .singleElement()
        .asString()
        .contains("displayName");
  }

  @Test
  void anUndocumentedMemberIsAViolation() {
    // Closed schemas keep database columns from leaking into responses.
    String body = MY_HANDBOOKS.replace("\"sex\": \"male\"", "\"sex\": \"male\", \"rowVersion\": 3");
    assertThat(contract.violations(get("/api/v1/me", 200, JSON, body)))
        .singleElement()
        .asString()
        .contains("rowVersion");
  }

  @Test
  void aMalformedDateIsAViolation() {
    String body = MY_HANDBOOKS.replace("\"2022-04-03\"", "\"2022/04/03\"");
    assertThat(contract.violations(get("/api/v1/me", 200, JSON, body)))
        .singleElement()
        .asString()
        .contains("/children/0/birthDate")
        .contains("date");
  }

  @Test
  void aMalformedUuidIsAViolation() {
    String body = MY_HANDBOOKS.replace("0b9f3c2e-6a51-4f1e-9d3b-2f8e7c1a5d40", "guardian-1");
    assertThat(contract.violations(get("/api/v1/me", 200, JSON, body)))
        .singleElement()
        .asString()
        .contains("/guardianId");
  }

  @Test
  void aQuantityFindingWithoutItsQuantityIsAViolation() {
    String body = PREGNANCY_HANDBOOK.replace(WEIGHT_QUANTITY, "");
    assertThat(contract.violations(get(HANDBOOK_PATH, 200, JSON, body)))
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v).contains("/checkups/0/findings/0"))
        .anySatisfy(v -> assertThat(v).contains("quantity"));
  }

  @Test
  void aFindingWithTheValueOfAnotherTypeIsAViolation() {
    String body =
        PREGNANCY_HANDBOOK.replace(WEIGHT_QUANTITY, WEIGHT_QUANTITY + "\"string\": \"58.4\",");
    assertThat(contract.violations(get(HANDBOOK_PATH, 200, JSON, body)))
        .isNotEmpty()
        .anySatisfy(v -> assertThat(v).contains("/checkups/0/findings/0/string"));
  }

  @Test
  void aBodyThatIsNotJsonIsAViolation() {
    assertThat(contract.violations(get("/api/v1/me", 200, JSON, "<html/>")))
        .singleElement()
        .asString()
        .startsWith("response body is not JSON");
  }

  @Test
  void aBadRequestAnswerToAMalformedPathParameterConforms() {
    String problem =
        """
        {"type": "https://sukoyaka.app/problems/SKY-3002", "title": "Invalid parameter",
         "status": 400, "detail": "pregnancyId must be a UUID.", "code": "SKY-3002",
         "errors": [{"field": "pregnancyId", "message": "must be a UUID"}]}
        """;
    assertThat(
            contract.violations(
                get("/api/v1/pregnancies/not-a-uuid/handbook", 400, PROBLEM, problem)))
        .isEmpty();
  }

  @Test
  void acceptingAMalformedPathParameterIsAViolation() {
    assertThat(
            contract.violations(
                get("/api/v1/pregnancies/not-a-uuid/handbook", 200, JSON, PREGNANCY_HANDBOOK)))
        .singleElement()
        .asString()
        .startsWith("path parameter pregnancyId:")
        .contains("uuid");
  }

  @Test
  void aConformingTokenRequestIsCheckedAsAFormObject() {
    String token =
        """
        {"access_token": "eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "token_type": "Bearer",
         "expires_in": 300, "scope": "system/Bundle.c"}
        """;
    assertThat(
            contract.violations(
                new Exchange("POST", "/oauth2/token", FORM, TOKEN_REQUEST, 200, JSON, token)))
        .isEmpty();
  }

  @Test
  void aTokenIssuedForTheWrongGrantTypeIsAViolation() {
    String request = TOKEN_REQUEST.replace("client_credentials", "password");
    String token =
        """
        {"access_token": "x", "token_type": "Bearer", "expires_in": 300, "scope": ""}
        """;
    assertThat(
            contract.violations(
                new Exchange("POST", "/oauth2/token", FORM, request, 200, JSON, token)))
        .isNotEmpty()
        .allSatisfy(violation -> assertThat(violation).startsWith("request body"))
        .anySatisfy(violation -> assertThat(violation).contains("grant_type"));
  }

  @Test
  void theOAuthErrorForTheWrongGrantTypeConforms() {
    String request = TOKEN_REQUEST.replace("client_credentials", "password");
    String error =
        """
        {"error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"}
        """;
    assertThat(
            contract.violations(
                new Exchange("POST", "/oauth2/token", FORM, request, 400, JSON, error)))
        .isEmpty();
  }

  @Test
  void aRequestBodyInAnUndocumentedContentTypeIsAViolation() {
    String token =
        """
        {"access_token": "x", "token_type": "Bearer", "expires_in": 300, "scope": ""}
        """;
    assertThat(
            contract.violations(
                new Exchange("POST", "/oauth2/token", JSON, "{}", 200, JSON, token)))
        .singleElement()
        .asString()
        .startsWith("request content type application/json is not documented");
  }

  @Test
  void aMissingRequiredRequestBodyIsAViolation() {
    String token =
        """
        {"access_token": "x", "token_type": "Bearer", "expires_in": 300}
        """;
    assertThat(
            contract.violations(new Exchange("POST", "/dev/token", null, null, 200, JSON, token)))
        .containsExactly("request body is required but missing");
  }

  @Test
  void healthAllowsIndicatorDetailsButNotAnUnknownStatus() {
    String up =
        """
        {"name": "backend", "status": "UP", "details": {"jdbc": {"status": "UP"}}}
        """;
    assertThat(contract.violations(get("/health", 200, JSON, up))).isEmpty();
    assertThat(contract.violations(get("/health", 503, JSON, up.replace("UP", "SLEEPY"))))
        .isNotEmpty();
  }

  @Test
  void assertConformsListsEveryViolation() {
    String body =
        MY_HANDBOOKS
            .replace("\"displayName\": \"山田 花子\",", "")
            .replace("\"2022-04-03\"", "\"2022/04/03\"");
    assertThatThrownBy(() -> contract.assertConforms(get("/api/v1/me", 200, JSON, body)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("GET /api/v1/me -> 200 does not conform")
        .hasMessageContaining("displayName")
        .hasMessageContaining("/children/0/birthDate");
  }

  @Test
  void requiredAndTypedQueryParametersAreChecked() {
    OpenApiContract search =
        OpenApiContract.fromYaml(
            """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /search:
                get:
                  operationId: search
                  parameters:
                    - {name: q, in: query, required: true, schema: {type: string, minLength: 2}}
                    - {name: page, in: query, schema: {type: integer, minimum: 1}}
                    - {name: kind, in: query, schema: {type: array, items: {enum: [a, b]}}}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {type: array}
            """);
    assertThat(search.violations(get("/search?q=yamada&page=2&kind=a&kind=b", 200, JSON, "[]")))
        .isEmpty();
    assertThat(search.violations(get("/search?page=2", 200, JSON, "[]")))
        .containsExactly("required query parameter q is missing");
    assertThat(search.violations(get("/search?q=yamada&page=zero", 200, JSON, "[]")))
        .singleElement()
        .asString()
        .startsWith("query parameter page:");
    assertThat(search.violations(get("/search?q=yamada&kind=c", 200, JSON, "[]")))
        .singleElement()
        .asString()
        .startsWith("query parameter kind /0:");
  }

  @Test
  void concretePathsWinOverTemplatedOnes() {
    OpenApiContract contract =
        OpenApiContract.fromYaml(
            """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /items/{id}:
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer}}
                  responses: {'200': {description: ok}}
              /items/latest:
                get:
                  responses: {'200': {description: ok}}
            """);
    assertThat(contract.violations(get("/items/latest", 200, null, null))).isEmpty();
    assertThat(contract.violations(get("/items/42", 200, null, null))).isEmpty();
    assertThat(contract.violations(get("/items/abc", 200, null, null)))
        .singleElement()
        .asString()
        .startsWith("path parameter id:");
  }
}
