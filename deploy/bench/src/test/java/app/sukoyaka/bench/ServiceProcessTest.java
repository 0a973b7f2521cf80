package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

  @Test
  void aPodRunsTheServiceWithTheContainerImagesOwnJvmOptions() throws Exception {
    List<String> options = ServiceProcess.heapOptions(ServiceProcess.POD);

    assertThat(options).hasSize(2).endsWith("-XX:MaxRAM=640m");
    Path file = Path.of(options.get(0).substring(1));
    assertThat(file).endsWith(ServiceProcess.IMAGE_JVM_OPTIONS);
    assertThat(Files.readString(file)).contains("-XX:MaxRAMPercentage=", "-XX:+UseSerialGC");
  }

  @Test
  void aPodHasTheContainerImagesMemoryEnvironmentToo() throws Exception {
    Path pom = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(pom.resolve("deploy/image/pom.xml"))) {
      pom = pom.getParent();
    }
    String image = Files.readString(pom.resolve("deploy/image/pom.xml"));

    ServiceProcess.IMAGE_MEMORY_ENVIRONMENT.forEach(
        (name, value) -> assertThat(image).contains("<" + name + ">" + value + "</" + name + ">"));
  }

  @Test
  void aSizeIsTheHeapLimitAlone() {
    assertThat(ServiceProcess.heapOptions("512m")).containsExactly("-Xmx512m");
  }
}
