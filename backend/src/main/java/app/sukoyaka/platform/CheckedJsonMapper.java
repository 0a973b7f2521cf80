package app.sukoyaka.platform;

import app.sukoyaka.platform.JsonLimits.Fault;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonFeatures;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.JsonStreamConfig;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The framework's JSON mapper as the REST APIs read request bodies with it: a body is first read
 * once as a stream ({@link JsonLimits#fault}) and refused if it holds more than one JSON value (the
 * framework's reader stops after the first and would ignore the rest) or a text that is not Unicode
 * (a lone surrogate, which the database driver would store as "?"). Writing, and reading anything
 * but a body, is the framework mapper's own.
 */
final class CheckedJsonMapper implements JsonMapper {
  private final JsonMapper mapper;
  private final JsonLimits limits;

  CheckedJsonMapper(JsonMapper mapper, JsonLimits limits) {
    this.mapper = mapper;
    this.limits = limits;
  }

  /** A body the checks refused; the error renderer answers with its code and detail. */
  static final class BodyFault extends JsonProcessingException {
    private final transient Fault fault;

    BodyFault(Fault fault) {
      super(fault.detail());
      this.fault = fault;
    }

    Fault fault() {
      return fault;
    }
  }

  private void check(byte[] body) throws BodyFault {
    Fault fault = limits.fault(body);
    if (fault != null) {
      throw new BodyFault(fault);
    }
  }

  @Override
  public <T> T readValue(byte[] byteArray, Argument<T> type) throws IOException {
    check(byteArray);
    return mapper.readValue(byteArray, type);
  }

  @Override
  public <T> T readValue(ByteBuffer<?> byteBuffer, Argument<T> type) throws IOException {
    // A copy: the framework's reader then reads the buffer itself, which this leaves unread.
    check(byteBuffer.toByteArray());
    return mapper.readValue(byteBuffer, type);
  }

  @Override
  public <T> T readValue(InputStream inputStream, Argument<T> type) throws IOException {
    return readValue(inputStream.readAllBytes(), type);
  }

  @Override
  public JsonMapper createSpecific(Argument<?> type) {
    return new CheckedJsonMapper(mapper.createSpecific(type), limits);
  }

  @Override
  public JsonMapper cloneWithFeatures(JsonFeatures features) {
    return new CheckedJsonMapper(mapper.cloneWithFeatures(features), limits);
  }

  @Override
  public JsonMapper cloneWithViewClass(Class<?> viewClass) {
    return new CheckedJsonMapper(mapper.cloneWithViewClass(viewClass), limits);
  }

  @Override
  public Optional<JsonFeatures> detectFeatures(AnnotationMetadata annotations) {
    return mapper.detectFeatures(annotations);
  }

  @Override
  public <T> T readValueFromTree(JsonNode tree, Argument<T> type) throws IOException {
    return mapper.readValueFromTree(tree, type);
  }

  @Override
  public void updateValueFromTree(Object value, JsonNode tree) throws IOException {
    mapper.updateValueFromTree(value, tree);
  }

  @Override
  public JsonNode writeValueToTree(Object value) throws IOException {
    return mapper.writeValueToTree(value);
  }

  @Override
  public <T> JsonNode writeValueToTree(Argument<T> type, T value) throws IOException {
    return mapper.writeValueToTree(type, value);
  }

  @Override
  public void writeValue(OutputStream outputStream, Object object) throws IOException {
    mapper.writeValue(outputStream, object);
  }

  @Override
  public <T> void writeValue(OutputStream outputStream, Argument<T> type, T object)
      throws IOException {
    mapper.writeValue(outputStream, type, object);
  }

  @Override
  public byte[] writeValueAsBytes(Object object) throws IOException {
    return mapper.writeValueAsBytes(object);
  }

  @Override
  public <T> byte[] writeValueAsBytes(Argument<T> type, T object) throws IOException {
    return mapper.writeValueAsBytes(type, object);
  }

  @Override
  public JsonStreamConfig getStreamConfig() {
    return mapper.getStreamConfig();
  }
}
