package app.sukoyaka.municipality.bulk;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download written while it is sent: a writer thread fills a pipe the response reads, so a
 * municipality's whole export never sits in memory. The writer has a thread of its own (downloads
 * are few): when it fails it ends without closing the pipe, and the response's next read fails
 * ("write end dead") so the download breaks off instead of ending like a complete file.
 */
@Singleton
class PipedDownloads {
  private static final Logger LOG = LoggerFactory.getLogger(PipedDownloads.class);
  private static final int BUFFER = 256 * 1024;

  InputStream write(String what, Consumer<OutputStream> writer) {
    PipedInputStream in = new PipedInputStream(BUFFER);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread thread =
        new Thread(
            () -> {
              try {
                writer.accept(out);
                out.close();
              } catch (IOException | RuntimeException e) {
                LOG.error("The download {} broke off", what, e);
              }
            },
            "download-" + what);
    thread.setDaemon(true);
    thread.start();
    return in;
  }
}
