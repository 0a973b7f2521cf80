package app.sukoyaka.family.prenatal;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The 妊婦健診 schedule with its 受診券 as the app and staff read it, and a clinic using a voucher. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class PrenatalCheckupController {
  private final PrenatalCheckups checkups;
  private final PrenatalVouchers vouchers;

  PrenatalCheckupController(PrenatalCheckups checkups, PrenatalVouchers vouchers) {
    this.checkups = checkups;
    this.vouchers = vouchers;
  }

  @Get(uri = "/pregnancies/{pregnancyId}/prenatal-checkups", produces = MediaType.APPLICATION_JSON)
  PrenatalBodies.PrenatalCheckups schedule(@PathVariable UUID pregnancyId, Principal principal) {
    PrenatalCheckups.Read read = checkups.read(principal, pregnancyId);
    return PrenatalBodies.checkups(read.pregnancy(), read.visits());
  }

  @Post(
      uri = "/clinic/prenatal-vouchers/uses",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  PrenatalBodies.Voucher use(@Body PrenatalBodies.VoucherUse use, Principal principal) {
    List<ProblemException.FieldError> missing = new ArrayList<>();
    if (use.municipalityCode() == null || use.municipalityCode().isBlank()) {
      missing.add(new ProblemException.FieldError("municipalityCode", "required"));
    }
    if (use.voucherNumber() == null || use.voucherNumber().isBlank()) {
      missing.add(new ProblemException.FieldError("voucherNumber", "required"));
    }
    if (use.motherBirthDate() == null) {
      missing.add(new ProblemException.FieldError("motherBirthDate", "required"));
    }
    if (use.visitDate() == null) {
      missing.add(new ProblemException.FieldError("visitDate", "required"));
    }
    if (!missing.isEmpty()) {
      throw new ProblemException(ErrorCode.INVALID_BODY, "The voucher use is incomplete.", missing);
    }
    return PrenatalBodies.voucher(
        vouchers.redeem(
            principal,
            use.municipalityCode().strip(),
            use.voucherNumber().strip(),
            use.motherBirthDate(),
            use.visitDate()));
  }
}
