package io.parley.web;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every API error as an RFC 9457 problem document (Spring's own exceptions included). */
@RestControllerAdvice(assignableTypes = ConversationsApi.class)
class ApiProblems extends ResponseEntityExceptionHandler {

  @ExceptionHandler(Replies.Refused.class)
  ResponseEntity<ProblemDetail> refused(Replies.Refused e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(
        e.status() == org.springframework.http.HttpStatus.FORBIDDEN
            ? "Not allowed"
            : "Reply not accepted");
    return ResponseEntity.status(e.status()).body(problem);
  }
}
