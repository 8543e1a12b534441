package io.parley.sandbox;

/** A failure the sandbox reports to its HTTP clients as a JSON error with a status code. */
final class SandboxException extends RuntimeException {

  private final int status;
  private final String code;

  SandboxException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  SandboxException(String message, Throwable cause) {
    super(message, cause);
    this.status = 500;
    this.code = "internal_error";
  }

  static SandboxException invalid(String code, String message) {
    return new SandboxException(422, code, message);
  }

  static SandboxException badRequest(String message) {
    return new SandboxException(400, "bad_request", message);
  }

  static SandboxException notFound(String what) {
    return new SandboxException(404, "not_found", "No such " + what);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
