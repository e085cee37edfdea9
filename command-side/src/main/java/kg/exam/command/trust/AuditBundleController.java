package kg.exam.command.trust;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditors export a sitting, or a whole session, as a self-contained ZIP bundle that the offline
 * verifier checks without our database.
 */
@RestController
class AuditBundleController {
  private final AuditBundleExporter exporter;

  AuditBundleController(AuditBundleExporter exporter) {
    this.exporter = exporter;
  }

  @Operation(summary = "Export a sitting's audit bundle")
  @GetMapping("/api/audit/sittings/{sittingId}/bundle")
  @PreAuthorize("hasRole('AUDITOR')")
  void sitting(@PathVariable String sittingId, HttpServletResponse response) throws IOException {
    send(exporter.planSitting(sittingId), "sitting-" + sittingId, response);
  }

  @Operation(summary = "Export a session's audit bundle")
  @GetMapping("/api/audit/sessions/{sessionId}/bundle")
  @PreAuthorize("hasRole('AUDITOR')")
  void session(@PathVariable String sessionId, HttpServletResponse response) throws IOException {
    send(exporter.planSession(sessionId), "session-" + sessionId, response);
  }

  private void send(AuditBundleExporter.Plan plan, String name, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/zip");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\""
            + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("\"", "")
            + ".zip\"");
    exporter.write(plan, response.getOutputStream());
  }
}
