package app.sukoyaka.notice;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Notice settings.
 *
 * @param attachmentMaxBytes the largest PDF attachment accepted, in bytes ({@code
 *     SUKOYAKA_NOTICES_ATTACHMENT_MAX_BYTES}, default 10 MiB). The server's request limit ({@code
 *     micronaut.server.max-request-size}) must be at least this large, or larger uploads are
 *     refused before they reach the notice (SKY-0006 instead of SKY-5106).
 * @param attachmentsPerNotice how many attachments one notice may carry ({@code
 *     SUKOYAKA_NOTICES_ATTACHMENTS_PER_NOTICE}, default 10)
 */
@ConfigurationProperties("sukoyaka.notices")
public record NoticeConfiguration(
    @Bindable(defaultValue = "10485760") long attachmentMaxBytes,
    @Bindable(defaultValue = "10") int attachmentsPerNotice) {

  public NoticeConfiguration {
    if (attachmentMaxBytes < 1 || attachmentMaxBytes > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException(
          "sukoyaka.notices.attachment-max-bytes must be between 1 and 2 GiB");
    }
    if (attachmentsPerNotice < 1) {
      throw new IllegalArgumentException("sukoyaka.notices.attachments-per-notice must be >= 1");
    }
  }
}
