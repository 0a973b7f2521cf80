package app.sukoyaka.checkup;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.Principal;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/**
 * The handbook as the family reads it: a pregnancy's (prenatal checkups, the delivery, postpartum
 * checkups and care) and a child's (its state at birth, screenings and checkups), each readable by
 * the family, the staff of its municipality and the clinics that recorded it, the moment a clinic's
 * submission returns.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class HandbookController {
  private final HandbookReads reads;
  private final AccessGuard guard;
  private final HandbookMapper mapper;

  HandbookController(HandbookReads reads, AccessGuard guard, CheckupItemCatalog catalog) {
    this.reads = reads;
    this.guard = guard;
    this.mapper = new HandbookMapper(catalog);
  }

  @Get(uri = "/pregnancies/{pregnancyId}/handbook", produces = MediaType.APPLICATION_JSON)
  HandbookBodies.PregnancyHandbook pregnancy(@PathVariable UUID pregnancyId, Principal principal) {
    HandbookReads.Read<Pregnancy> read =
        allowed(principal, reads.pregnancy(pregnancyId, principal));
    return mapper.handbook(read.subjectRecord(), read.checkups());
  }

  @Get(uri = "/children/{childId}/handbook", produces = MediaType.APPLICATION_JSON)
  HandbookBodies.ChildHandbook child(@PathVariable UUID childId, Principal principal) {
    HandbookReads.Read<Child> read = allowed(principal, reads.child(childId, principal));
    return mapper.handbook(read.subjectRecord(), read.checkups());
  }

  /** The read, once its transaction is over: a refusal is logged now and thrown. */
  private <S> HandbookReads.Read<S> allowed(Principal principal, HandbookReads.Read<S> read) {
    if (read.refusal() != null) {
      throw guard.refuse(
          principal, read.subject(), HandbookReads.WHAT, HandbookReads.PURPOSE, read.refusal());
    }
    return read;
  }
}
