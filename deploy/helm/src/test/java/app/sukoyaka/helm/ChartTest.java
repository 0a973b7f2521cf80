package app.sukoyaka.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart rendered by Helm's own engine (helm-java's native library: the same code as `helm
 * template`) for the values a municipality gives, then read back as Kubernetes objects and held to
 * what the service needs: probes on its health endpoints, keys from Secrets, the replica for the
 * dashboards, metrics only on the management port.
 */
class ChartTest {
  private static final Path CHART = Path.of(System.getProperty("chart.dir", "chart"));
  private static final String KEK = "c3VrLW95YWthLXRlc3Qta2V5LWVuY3J5cHRpb24tMzI=";

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
    String yaml =
        values
            .apply(
                new Helm(CHART)
                    .template()
                    .withName("bunkyo")
                    .withNamespace("sukoyaka")
                    .withKubeVersion("1.30.0")
                    .set("secrets.keyEncryptionKey", KEK))
            .call();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
      if (document != null) {
        objects.add((Map<String, Object>) document);
      }
    }
    return objects.stream()
        .collect(
            Collectors.toMap(
                o -> o.get("kind") + "/" + ((Map<String, Object>) o.get("metadata")).get("name"),
                o -> o));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... path) {
    Object current = node;
    for (String step : path) {
      if (current instanceof List<?> list) {
        current = list.get(Integer.parseInt(step));
      } else {
        current = ((Map<String, Object>) current).get(step);
      }
    }
    return (T) current;
  }

  private static Map<String, Object> env(Map<String, Object> deployment) {
    List<Map<String, Object>> env =
        at(deployment, "spec", "template", "spec", "containers", "0", "env");
    return env.stream()
        .collect(
            Collectors.toMap(
                e -> (String) e.get("name"),
                e -> e.containsKey("value") ? e.get("value") : e.get("valueFrom")));
  }

  @Test
  void theDefaultsMakeEveryObjectAMunicipalityNeeds() {
    Map<String, Map<String, Object>> objects = render(c -> c);
    assertThat(objects.keySet())
        .contains(
            "Deployment/bunkyo-sukoyaka",
            "Service/bunkyo-sukoyaka",
            "Service/bunkyo-sukoyaka-management",
            "HorizontalPodAutoscaler/bunkyo-sukoyaka",
            "PodDisruptionBudget/bunkyo-sukoyaka",
            "NetworkPolicy/bunkyo-sukoyaka",
            "ServiceMonitor/bunkyo-sukoyaka",
            "Secret/bunkyo-sukoyaka-keys",
            "Cluster/bunkyo-sukoyaka-db");
    for (Map<String, Object> object : objects.values()) {
      assertThat(object).containsKeys("apiVersion", "kind", "metadata");
    }
  }

  @Test
  void theProbesAskTheServicesHealthEndpoints() {
    Map<String, Object> container =
        at(
            render(c -> c).get("Deployment/bunkyo-sukoyaka"),
            "spec",
            "template",
            "spec",
            "containers",
            "0");
    assertThat((String) at(container, "readinessProbe", "httpGet", "path"))
        .isEqualTo("/health/readiness");
    assertThat((String) at(container, "livenessProbe", "httpGet", "path"))
        .isEqualTo("/health/liveness");
    assertThat((Object) at(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
    // A probe queued behind requests under load needs more than Kubernetes' 1 s default.
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat((Object) at(container, probe, "timeoutSeconds")).as(probe).isEqualTo(3);
    }
    assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
  }

  @Test
  void keysComeFromSecretsNeverFromPlainValues() {
    Map<String, Map<String, Object>> objects =
        render(c -> c.set("secrets.firebaseServiceAccount", "{\"type\":\"service_account\"}"));
    Map<String, Object> env = env(objects.get("Deployment/bunkyo-sukoyaka"));
    assertThat((String) at(env, "SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY", "secretKeyRef", "name"))
        .isEqualTo("bunkyo-sukoyaka-keys");
    assertThat((String) at(env, "DATASOURCES_DEFAULT_PASSWORD", "secretKeyRef", "name"))
        .isEqualTo("bunkyo-sukoyaka-db-app");
    assertThat(env.get("SUKOYAKA_PUSH_CREDENTIALS_FILE"))
        .isEqualTo("/var/run/secrets/sukoyaka/firebase/service-account.json");
    Map<String, Object> secret = objects.get("Secret/bunkyo-sukoyaka-keys");
    assertThat((Map<String, Object>) at(secret, "data"))
        .containsKeys("key-encryption-key", "firebase-service-account.json");
    assertThat(env.values().toString()).doesNotContain(KEK);
  }

  @Test
  void withoutAKeyEncryptionKeyTheChartRefusesToRender() {
    assertThatThrownBy(() -> render(c -> c.set("secrets.keyEncryptionKey", "")))
        .hasMessageContaining("secrets.keyEncryptionKey is required");
  }

  @Test
  void dashboardsAndExportsReadFromTheCloudNativePgReplicas() {
    Map<String, Map<String, Object>> objects = render(c -> c);
    Map<String, Object> env = env(objects.get("Deployment/bunkyo-sukoyaka"));
    assertThat(env.get("DATASOURCES_DEFAULT_URL"))
        .isEqualTo("jdbc:postgresql://bunkyo-sukoyaka-db-rw:5432/sukoyaka");
    assertThat(env.get("DATASOURCES_REPLICA_URL"))
        .isEqualTo("jdbc:postgresql://bunkyo-sukoyaka-db-ro:5432/sukoyaka");
    assertThat((Integer) at(objects.get("Cluster/bunkyo-sukoyaka-db"), "spec", "instances"))
        .isEqualTo(3);

    Map<String, Object> single =
        env(
            render(c -> c.set("database.cloudnativepg.instances", 1))
                .get("Deployment/bunkyo-sukoyaka"));
    assertThat(single).doesNotContainKey("DATASOURCES_REPLICA_URL");
  }

  @Test
  void anExternalDatabaseIsUsedAsGiven() {
    Map<String, Map<String, Object>> objects =
        render(
            c ->
                c.set("database.mode", "external")
                    .set("database.external.url", "jdbc:postgresql://db.city.example:5432/sukoyaka")
                    .set("database.external.existingSecret", "city-db"));
    assertThat(objects).doesNotContainKey("Cluster/bunkyo-sukoyaka-db");
    Map<String, Object> env = env(objects.get("Deployment/bunkyo-sukoyaka"));
    assertThat(env.get("DATASOURCES_DEFAULT_URL"))
        .isEqualTo("jdbc:postgresql://db.city.example:5432/sukoyaka");
    assertThat(env).doesNotContainKey("DATASOURCES_REPLICA_URL");
  }

  @Test
  void metricsAreScrapedOnlyOnTheManagementPortFromTheMonitoringNamespace() {
    Map<String, Map<String, Object>> objects = render(c -> c);
    Map<String, Object> monitor = objects.get("ServiceMonitor/bunkyo-sukoyaka");
    assertThat((String) at(monitor, "spec", "endpoints", "0", "port")).isEqualTo("management");
    assertThat((String) at(monitor, "spec", "endpoints", "0", "path")).isEqualTo("/prometheus");
    List<Map<String, Object>> apiPorts =
        at(objects.get("Service/bunkyo-sukoyaka"), "spec", "ports");
    assertThat(apiPorts).extracting(p -> p.get("targetPort")).containsExactly("http");
    List<Map<String, Object>> ingress =
        at(objects.get("NetworkPolicy/bunkyo-sukoyaka"), "spec", "ingress");
    assertThat(ingress).hasSize(2);
    assertThat((String) at(ingress.get(1), "ports", "0", "port")).isEqualTo("management");
    assertThat(
            (String)
                at(
                    ingress.get(1),
                    "from",
                    "0",
                    "namespaceSelector",
                    "matchLabels",
                    "kubernetes.io/metadata.name"))
        .isEqualTo("monitoring");
  }

  @Test
  void scalingKeepsAPodThroughDisruptions() {
    Map<String, Map<String, Object>> objects = render(c -> c);
    Map<String, Object> hpa = objects.get("HorizontalPodAutoscaler/bunkyo-sukoyaka");
    assertThat((Integer) at(hpa, "spec", "minReplicas")).isEqualTo(2);
    assertThat((String) at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo("bunkyo-sukoyaka");
    assertThat(
            (Integer)
                at(objects.get("PodDisruptionBudget/bunkyo-sukoyaka"), "spec", "minAvailable"))
        .isEqualTo(1);
    // With the autoscaler on, the Deployment leaves the replica count to it.
    assertThat((Object) at(objects.get("Deployment/bunkyo-sukoyaka"), "spec", "replicas")).isNull();
  }

  @Test
  void tracesAreExportedOnlyWhenACollectorIsNamed() {
    assertThat(env(render(c -> c).get("Deployment/bunkyo-sukoyaka")))
        .doesNotContainKey("OTEL_TRACES_EXPORTER");
    Map<String, Object> env =
        env(
            render(c -> c.set("tracing.otlpEndpoint", "http://otel-collector.monitoring:4317"))
                .get("Deployment/bunkyo-sukoyaka"));
    assertThat(env.get("OTEL_TRACES_EXPORTER")).isEqualTo("otlp");
    assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
        .isEqualTo("http://otel-collector.monitoring:4317");
  }
}
