package app.sukoyaka.notice;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The notice feature's data files, read once at start-up. */
@Factory
class NoticeFactory {
  @Singleton
  CheckupAges checkupAges() {
    return CheckupAges.load();
  }
}
