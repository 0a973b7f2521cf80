package app.sukoyaka.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The service's logback.xml with SUKOYAKA_LOG_FORMAT=json writes one JSON object a line. */
class JsonLogTest {

  @Test
  void eachLineIsAJsonObjectWithTheRequestId() throws Exception {
    String lines = logWith("json");
    String first =
        lines
            .lines()
            .filter(l -> l.startsWith("{"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(lines));
    JsonNode line = new ObjectMapper().readTree(first);

    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asText()).isEqualTo("app.sukoyaka.example");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("Stored 3 records");
    assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("req-0000-1111");
    assertThat(line.path("timestamp").asLong()).isPositive();
  }

  @Test
  void theTextFormatNamesTheRequestIdToo() throws Exception {
    assertThat(logWith("text")).contains("req-0000-1111").contains("Stored 3 records");
  }

  private static String logWith(String format) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("SUKOYAKA_LOG_FORMAT", format);
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(JsonLogTest.class.getResource("/logback.xml"));
      // Each logger context keeps its own MDC (logback 1.5); the service's is the default one.
      context.getMDCAdapter().put("requestId", "req-0000-1111");
      context.getLogger("app.sukoyaka.example").info("Stored {} records", 3);
      context.stop();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
