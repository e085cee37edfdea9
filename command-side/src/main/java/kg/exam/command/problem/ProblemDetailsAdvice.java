package kg.exam.command.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every refusal into an RFC 9457 problem document with a stable type. */
@RestControllerAdvice
class ProblemDetailsAdvice {
  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  static ResponseEntity<ProblemDetail> problem(
      ProblemType type, String detail, HttpServletRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
    body.setType(type.uri());
    body.setTitle(type.title());
    body.setInstance(instance(request));
    // always problem JSON, whatever the request's Accept asked for (a 406 is a problem too)
    return ResponseEntity.status(type.status())
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /** The request's path as a relative URI; a path that is no URI (it cannot be) is left out. */
  private static URI instance(HttpServletRequest request) {
    try {
      return new URI(null, null, request.getRequestURI(), null);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  @ExceptionHandler(RuleViolation.class)
  ResponseEntity<ProblemDetail> onRuleViolation(RuleViolation e, HttpServletRequest request) {
    return problem(e.type(), e.getMessage(), request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> onUnreadable(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    String where = "";
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.core.JacksonException json && !json.getPath().isEmpty()) {
        where =
            " Problem at '"
                + json.getPath().stream()
                    .map(
                        r ->
                            r.getPropertyName() != null
                                ? r.getPropertyName()
                                : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                + "'.";
        break;
      }
    }
    return problem(
        ProblemType.MALFORMED_BODY,
        "The request body is not valid JSON of the expected shape." + where,
        request);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> onInvalid(
      MethodArgumentNotValidException e, HttpServletRequest request) {
    String detail =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> f.getField() + " " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return problem(
        ProblemType.INVALID_REQUEST,
        detail.isEmpty() ? "The request is not valid." : detail,
        request);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> onInvalidParameter(
      HandlerMethodValidationException e, HttpServletRequest request) {
    String names =
        e.getParameterValidationResults().stream()
            .map(r -> r.getMethodParameter().getParameterName())
            .filter(java.util.Objects::nonNull)
            .distinct()
            .sorted()
            .map(n -> "'" + n + "'")
            .collect(Collectors.joining(", "));
    return problem(
        ProblemType.INVALID_REQUEST,
        names.isEmpty()
            ? "A request parameter is not valid."
            : "Request parameter " + names + " is not valid.",
        request);
  }

  @ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> onMissingParameter(
      org.springframework.web.bind.MissingServletRequestParameterException e,
      HttpServletRequest request) {
    return problem(
        ProblemType.INVALID_REQUEST,
        "Parameter '" + e.getParameterName() + "' is required.",
        request);
  }

  /** Parameter constraints checked by method validation outside MVC's own: still the caller's. */
  @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> onConstraintViolation(
      jakarta.validation.ConstraintViolationException e, HttpServletRequest request) {
    return problem(ProblemType.INVALID_REQUEST, "A request parameter is not valid.", request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> onTypeMismatch(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    return problem(
        ProblemType.INVALID_REQUEST,
        "Parameter '" + e.getName() + "' has the wrong type.",
        request);
  }

  @ExceptionHandler({
    HttpMediaTypeNotSupportedException.class,
    org.springframework.util.InvalidMimeTypeException.class,
    org.springframework.http.InvalidMediaTypeException.class
  })
  ResponseEntity<ProblemDetail> onMediaType(Exception e, HttpServletRequest request) {
    return problem(
        ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.", request);
  }

  @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> onNotAcceptable(Exception e, HttpServletRequest request) {
    return problem(
        ProblemType.NOT_ACCEPTABLE,
        "This endpoint answers with application/json (and problems with"
            + " application/problem+json); ask for one of those in Accept.",
        request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> onMethod(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return problem(
        ProblemType.METHOD_NOT_ALLOWED,
        "Method "
            + e.getMethod()
            + " is not allowed here"
            + (e.getSupportedHttpMethods() == null
                ? "."
                : "; use " + e.getSupportedHttpMethods() + "."),
        request);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> onNoResource(
      NoResourceFoundException e, HttpServletRequest request) {
    return problem(ProblemType.NOT_FOUND, "No such resource.", request);
  }

  @ExceptionHandler(AggregateNotFoundException.class)
  ResponseEntity<ProblemDetail> onAggregateNotFound(
      AggregateNotFoundException e, HttpServletRequest request) {
    return problem(
        ProblemType.NOT_FOUND, "No such record (exam, session, sitting or bank item).", request);
  }

  /**
   * Exams, sessions, sittings, bank items and frameworks share one event store: an id that belongs
   * to another kind of record cannot be loaded as this kind. Creating with it means the id is
   * taken; anything else means there is no such record of this kind.
   */
  @ExceptionHandler(IncompatibleAggregateException.class)
  ResponseEntity<ProblemDetail> onOtherKindOfRecord(
      IncompatibleAggregateException e, HttpServletRequest request) {
    String path = request.getRequestURI();
    if ("POST".equals(request.getMethod()) && "/api/exams".equals(path)) {
      return problem(
          ProblemType.EXAM_ALREADY_EXISTS, "This id is already taken by another record.", request);
    }
    if ("POST".equals(request.getMethod()) && "/api/sessions".equals(path)) {
      return problem(
          ProblemType.SESSION_ALREADY_EXISTS,
          "This id is already taken by another record.",
          request);
    }
    if ("POST".equals(request.getMethod()) && "/api/bank/items".equals(path)) {
      return problem(
          ProblemType.BANK_ITEM_ALREADY_EXISTS,
          "This id is already taken by another record.",
          request);
    }
    if ("POST".equals(request.getMethod()) && path.startsWith("/api/bank/frameworks/")) {
      return problem(
          ProblemType.INVALID_FRAMEWORK, "This id is already taken by another record.", request);
    }
    return problem(
        ProblemType.NOT_FOUND,
        "No such record of this kind (the id belongs to another kind of record).",
        request);
  }

  @ExceptionHandler(ConcurrencyException.class)
  ResponseEntity<ProblemDetail> onConcurrency(ConcurrencyException e, HttpServletRequest request) {
    return problem(
        ProblemType.CONCURRENT_MODIFICATION,
        "Another request changed the same record at the same time; retry.",
        request);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> onAccessDenied(
      AccessDeniedException e, HttpServletRequest request) {
    return problem(ProblemType.FORBIDDEN, "Your role may not do this.", request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> onUnexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(
        ProblemType.INTERNAL_ERROR,
        "The server failed to handle the request; nothing was changed.",
        request);
  }
}
