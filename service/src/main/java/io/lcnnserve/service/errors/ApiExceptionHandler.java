package io.lcnnserve.service.errors;

import io.lcnnserve.core.runtime.InvalidInputException;
import io.lcnnserve.service.api.ApiRequest;
import io.lcnnserve.service.imaging.ImageDecodingException;
import io.lcnnserve.service.imaging.ImageTooLargeException;
import io.lcnnserve.service.imaging.UnsupportedImageFormatException;
import io.lcnnserve.service.security.AccessDeniedException;
import io.lcnnserve.service.security.AuthenticationRequiredException;
import io.lcnnserve.service.serving.DeadlineExceededException;
import io.lcnnserve.service.serving.InvalidRequestException;
import io.lcnnserve.service.serving.ModelNotFoundException;
import io.lcnnserve.service.serving.ModelNotReadyException;
import io.lcnnserve.service.serving.ProfilerBusyException;
import io.lcnnserve.service.serving.QueueFullException;
import io.lcnnserve.store.repository.UnsafePathException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response that names what
 * was wrong: the problem type, the request id, the model and version when known, and the same
 * text as {@code error} (the field KServe V2 clients read).
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({ModelNotFoundException.class, io.lcnnserve.store.lifecycle.ModelNotFoundException.class})
    ResponseEntity<Object> notFound(RuntimeException e, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, ProblemType.MODEL_NOT_FOUND, e.getMessage(), new HttpHeaders(), request);
    }

    @ExceptionHandler(ModelNotReadyException.class)
    ResponseEntity<Object> notReady(ModelNotReadyException e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.MODEL_NOT_READY, e.getMessage(), headers, request);
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<Object> queueFull(QueueFullException e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        return problem(HttpStatus.TOO_MANY_REQUESTS, ProblemType.QUEUE_FULL, e.getMessage(), headers, request);
    }

    @ExceptionHandler(ProfilerBusyException.class)
    ResponseEntity<Object> profilerBusy(ProfilerBusyException e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return problem(HttpStatus.TOO_MANY_REQUESTS, ProblemType.PROFILER_BUSY, e.getMessage(), headers, request);
    }

    @ExceptionHandler(DeadlineExceededException.class)
    ResponseEntity<Object> deadline(DeadlineExceededException e, WebRequest request) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, ProblemType.DEADLINE_EXCEEDED, e.getMessage(), new HttpHeaders(),
            request);
    }

    @ExceptionHandler({InvalidRequestException.class, InvalidInputException.class, UnsafePathException.class})
    ResponseEntity<Object> invalid(RuntimeException e, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, ProblemType.INVALID_REQUEST, e.getMessage(), new HttpHeaders(), request);
    }

    @ExceptionHandler(ImageDecodingException.class)
    ResponseEntity<Object> undecodable(ImageDecodingException e, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, ProblemType.UNDECODABLE_IMAGE, e.getMessage(), new HttpHeaders(),
            request);
    }

    @ExceptionHandler(ImageTooLargeException.class)
    ResponseEntity<Object> imageTooLarge(ImageTooLargeException e, WebRequest request) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemType.IMAGE_TOO_LARGE, e.getMessage(), new HttpHeaders(),
            request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException e, WebRequest request) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), new HttpHeaders(),
            request);
    }

    @ExceptionHandler({UnsupportedImageFormatException.class, UnsupportedMediaTypeException.class})
    ResponseEntity<Object> unsupportedMedia(RuntimeException e, WebRequest request) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemType.UNSUPPORTED_MEDIA_TYPE, e.getMessage(),
            new HttpHeaders(), request);
    }

    @ExceptionHandler(AuthenticationRequiredException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationRequiredException e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lcnn-serve management\"");
        return problem(HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHORIZED, e.getMessage(), headers, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> forbidden(AccessDeniedException e, WebRequest request) {
        return problem(HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN, e.getMessage(), new HttpHeaders(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) throws Exception {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        HttpServletRequest servletRequest = servletRequest(request);
        String requestId = servletRequest == null ? null : ApiRequest.requestIdOf(servletRequest);
        log.error("request {} failed", requestId, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemType.INTERNAL_ERROR,
            "internal error while serving the request (request id " + requestId + "): " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), new HttpHeaders(), request);
    }

    private ResponseEntity<Object> problem(HttpStatus status, ProblemType type, String detail, HttpHeaders headers,
                                           WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type.uri());
        body.setTitle(type.title());
        return handleExceptionInternal(new ProblemException(detail), body, headers, status, request);
    }

    /** Every problem, ours and Spring MVC's own (405, 415, 413 multipart, ...), passes here. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
            : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            ProblemType type = ProblemType.forStatus(statusCode.value());
            problem.setType(type.uri());
        }
        HttpServletRequest servletRequest = servletRequest(request);
        if (servletRequest != null) {
            Problems.describe(problem, servletRequest);
        }
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.putAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(statusCode).headers(responseHeaders).body(problem);
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
            ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
    }

    /** Carries a detail text through {@link #handleExceptionInternal}, which wants an exception. */
    private static final class ProblemException extends RuntimeException {
        ProblemException(String message) {
            super(message, null, false, false);
        }
    }
}
