package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A dashboard form posted as multipart/form-data (a form with a file): its text fields and its one
 * file, read whole. The server's multipart limit ({@code micronaut.server.multipart.max-file-size})
 * refuses larger files before they get here; the caller's own limit is checked here.
 */
final class MultipartForms {
  /** A text field of a form is a line or a note, never more. */
  private static final int FIELD_MAX_BYTES = 16 * 1024;

  private MultipartForms() {}

  /**
   * The form.
   *
   * @param fileField the name of the file's field, or null when none was sent
   * @param fileName the file's name as the browser gave it
   * @param file its bytes (empty when the field was left empty)
   */
  record Form(
      Map<String, String> values, String fileField, String fileName, byte[] file, long size) {
    String value(String key) {
      return values.get(key);
    }

    boolean hasFile() {
      return file != null && file.length > 0;
    }
  }

  /** Reads the whole form; a file larger than maxFileBytes is refused with tooLarge. */
  static Form read(MultipartBody body, long maxFileBytes, ErrorCode tooLarge) {
    CompletableFuture<Form> done = new CompletableFuture<>();
    Map<String, String> values = new LinkedHashMap<>();
    Object[] file = new Object[4];
    body.subscribe(
        new Subscriber<CompletedPart>() {
          private Subscription subscription;

          @Override
          public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(1);
          }

          @Override
          public void onNext(CompletedPart part) {
            try {
              if (part instanceof CompletedFileUpload upload) {
                file[0] = upload.getName();
                file[1] = upload.getFilename();
                file[3] = upload.getSize();
                file[2] = upload.getSize() > maxFileBytes ? null : upload.getBytes();
                upload.discard();
              } else if (part.getBytes().length <= FIELD_MAX_BYTES) {
                values.put(part.getName(), new String(part.getBytes(), StandardCharsets.UTF_8));
              }
            } catch (IOException e) {
              done.completeExceptionally(new UncheckedIOException(e));
              subscription.cancel();
              return;
            }
            subscription.request(1);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            done.complete(
                new Form(
                    values,
                    (String) file[0],
                    (String) file[1],
                    (byte[]) file[2],
                    file[3] == null ? 0 : (Long) file[3]));
          }
        });
    Form form;
    try {
      form = done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
    if (form.fileField() != null && form.size() > maxFileBytes) {
      throw new ProblemException(
          tooLarge,
          "The file has " + form.size() + " bytes; at most " + maxFileBytes + " are taken.",
          List.of(new ProblemException.FieldError(form.fileField(), "too large")));
    }
    return form;
  }
}
