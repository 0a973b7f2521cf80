package app.sukoyaka.platform;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.body.JsonMessageHandler;
import jakarta.inject.Singleton;
import java.io.InputStream;

/**
 * The reader of JSON request bodies, ahead of the framework's own (which it uses): its mapper is
 * the checked one ({@link CheckedJsonMapper}), so that every REST body, sent with a length or in
 * chunks, is held to one JSON value and to Unicode text before it is bound, whatever endpoint reads
 * it.
 */
@Singleton
@Order(JsonMessageHandler.ORDER - 1)
@JsonMessageHandler.ConsumesJson
final class CheckedJsonBodyReader<T> implements MessageBodyReader<T> {
  private final JsonMessageHandler<T> reader;

  CheckedJsonBodyReader(JsonMapper mapper, JsonLimits limits) {
    this.reader = new JsonMessageHandler<>(new CheckedJsonMapper(mapper, limits));
  }

  @Override
  public boolean isReadable(Argument<T> type, MediaType mediaType) {
    return reader.isReadable(type, mediaType);
  }

  @Override
  public T read(Argument<T> type, MediaType mediaType, Headers headers, ByteBuffer<?> byteBuffer)
      throws CodecException {
    return reader.read(type, mediaType, headers, byteBuffer);
  }

  @Override
  public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream inputStream)
      throws CodecException {
    return reader.read(type, mediaType, headers, inputStream);
  }
}
