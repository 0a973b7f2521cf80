package app.sukoyaka.platform;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.serde.jackson.SerdeJacksonConfiguration;
import jakarta.inject.Singleton;

/**
 * Makes the JSON limits Jackson's defaults before the framework's JSON mapper builds its parser
 * factory: the mapper takes its configuration as it is built, so this runs first. Jackson reads the
 * defaults once per factory; parsers that set limits of their own (HAPI's) keep them.
 */
@Singleton
class JsonLimitsInstaller implements BeanCreatedEventListener<SerdeJacksonConfiguration> {
  private final JsonLimitsConfiguration limits;

  JsonLimitsInstaller(JsonLimitsConfiguration limits) {
    this.limits = limits;
  }

  @Override
  public SerdeJacksonConfiguration onCreated(BeanCreatedEvent<SerdeJacksonConfiguration> event) {
    StreamReadConstraints.overrideDefaultStreamReadConstraints(limits.constraints());
    return event.getBean();
  }
}
