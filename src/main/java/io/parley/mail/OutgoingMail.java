package io.parley.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

/**
 * The SMTP server, if one is configured ({@code spring.mail.host}; Spring Boot then provides the
 * {@link JavaMailSender}). Also where links in emails point: {@code parley.base-url}, or this
 * machine's port when it is not set.
 */
@Service
public class OutgoingMail {

  private final ObjectProvider<JavaMailSender> sender;
  private final String from;
  private final String baseUrl;

  OutgoingMail(
      ObjectProvider<JavaMailSender> sender,
      @Value("${parley.mail.from:}") String from,
      @Value("${spring.mail.host:localhost}") String host,
      @Value("${parley.base-url:}") String baseUrl,
      @Value("${server.port:8080}") int port) {
    this.sender = sender;
    this.from = from.isBlank() ? "parley@" + host : from.strip();
    this.baseUrl =
        baseUrl.isBlank() ? "http://localhost:" + port : baseUrl.strip().replaceAll("/+$", "");
  }

  /** Whether emails can be sent at all. */
  public boolean configured() {
    return sender.getIfAvailable() != null;
  }

  /** The sender address, for telling admins where invitations come from. */
  public String from() {
    return from;
  }

  /** An absolute link to a path inside Parley, for emails (which have no request to go by). */
  public String link(String path) {
    return baseUrl + (path.startsWith("/") ? path : "/" + path);
  }

  /**
   * Sends the letter now, on this thread.
   *
   * @throws MailException when the server cannot be reached or refuses it
   * @throws IllegalStateException when no mail server is configured
   */
  void send(Letter letter, String fromName) {
    JavaMailSender mail =
        Optional.ofNullable(sender.getIfAvailable())
            .orElseThrow(() -> new IllegalStateException("No mail server is configured."));
    mail.send(
        message -> {
          var helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
          try {
            helper.setFrom(from, Letter.oneLine(fromName, 100));
            if (letter.toName() == null || letter.toName().isBlank()) {
              helper.setTo(letter.to());
            } else {
              helper.setTo(
                  new jakarta.mail.internet.InternetAddress(
                      letter.to(), letter.toName(), StandardCharsets.UTF_8.name()));
            }
          } catch (UnsupportedEncodingException e) {
            throw new MailPreparationException(e);
          }
          helper.setSubject(letter.subject());
          helper.setText(letter.text(), letter.html());
        });
  }

  /** Why sending failed, in one line for people and logs (no stack trace). */
  public static String reason(Exception e) {
    Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
    String message =
        cause.getMessage() == null || cause.getMessage().isBlank()
            ? cause.getClass().getSimpleName()
            : cause.getMessage();
    String prefix =
        e instanceof MailAuthenticationException
            ? "The mail server refused Parley's sign-in: "
            : e instanceof MailException ? "The mail server could not be used: " : "";
    return Letter.oneLine(prefix + message, 300);
  }
}
