package kg.exam.command.trust;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says loudly, once the application is up, that trust is off ({@code exam.trust.enabled=false},
 * acknowledged by {@code exam.trust.disabled-for-benchmark=true}): a setting for measuring the cost
 * of trust, never for a deployment.
 */
@Component
class TrustDisabledWarning {
  private static final Logger log = LoggerFactory.getLogger(TrustDisabledWarning.class);

  private final boolean disabled;

  TrustDisabledWarning(TrustProperties trust) {
    this.disabled = !trust.enabled();
  }

  @EventListener(ApplicationReadyEvent.class)
  void warn() {
    if (disabled) {
      log.warn(
          """

          ************************************************************************
          * TRUST IS OFF (exam.trust.enabled=false, disabled-for-benchmark=true) *
          * Answer signatures are NOT checked, events are NOT hash-chained and   *
          * sittings are NOT sealed. This is for benchmarks only: NEVER run      *
          * exams so. Nothing this server stores can ever be audited.            *
          ************************************************************************""");
    }
  }
}
