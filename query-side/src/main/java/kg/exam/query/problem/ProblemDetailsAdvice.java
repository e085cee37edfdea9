package kg.exam.query.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import kg.exam.query.consumer.ProjectionConsumers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every refusal into an RFC 9457 problem document with a stable type, always as {@code
 * application/problem+json} (also when CSV was asked for).
 */
@RestControllerAdvice
class ProblemDetailsAdvice {
  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  static ResponseEntity<ProblemDetail> problem(
      ProblemType type, String detail, HttpServletRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
    body.setType(type.uri());
    body.setTitle(type.title());
    body.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(type.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  @ExceptionHandler(QueryRefused.class)
  ResponseEntity<ProblemDetail> onRefused(QueryRefused e, HttpServletRequest request) {
    return problem(e.type(), e.getMessage(), request);
  }

  @ExceptionHandler(ProjectionConsumers.RebuildRefused.class)
  ResponseEntity<ProblemDetail> onRebuildRefused(
      ProjectionConsumers.RebuildRefused e, HttpServletRequest request) {
    return problem(ProblemType.REBUILD_REFUSED, e.getMessage(), request);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> onMissing(
      MissingServletRequestParameterException e, HttpServletRequest request) {
    return problem(
        ProblemType.INVALID_REQUEST,
        "Parameter '" + e.getParameterName() + "' is required.",
        request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> onTypeMismatch(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    return problem(
        ProblemType.INVALID_REQUEST,
        "Parameter '" + e.getName() + "' has the wrong type.",
        request);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> onInvalidParameter(
      HandlerMethodValidationException e, HttpServletRequest request) {
    return problem(ProblemType.INVALID_REQUEST, "A request parameter is not valid.", request);
  }

  @ExceptionHandler({
    org.springframework.web.HttpMediaTypeNotSupportedException.class,
    org.springframework.util.InvalidMimeTypeException.class
  })
  ResponseEntity<ProblemDetail> onMediaType(Exception e, HttpServletRequest request) {
    return problem(
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "The query side takes no request body but application/json.",
        request);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> onNotAcceptable(
      HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
    return problem(ProblemType.NOT_ACCEPTABLE, "Ask for application/json or text/csv.", request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> onMethod(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    ResponseEntity<ProblemDetail> response =
        problem(
            ProblemType.METHOD_NOT_ALLOWED,
            "Method " + e.getMethod() + " is not supported here.",
            request);
    if (e.getSupportedHttpMethods() == null) {
      return response;
    }
    return ResponseEntity.status(response.getStatusCode())
        .headers(response.getHeaders())
        .allow(e.getSupportedHttpMethods().toArray(HttpMethod[]::new))
        .body(response.getBody());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> onNoResource(
      NoResourceFoundException e, HttpServletRequest request) {
    return problem(ProblemType.NOT_FOUND, "No such resource.", request);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> onAccessDenied(
      AccessDeniedException e, HttpServletRequest request) {
    return problem(ProblemType.FORBIDDEN, "Your role may not do this.", request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> onUnexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(ProblemType.INTERNAL_ERROR, "The server failed to answer the query.", request);
  }
}
