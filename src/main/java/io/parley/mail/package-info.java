/**
 * Optional outgoing email over SMTP: invitation emails and notification emails for the people who
 * opted in. Off unless {@code spring.mail.host} is set; then nothing here is ever called and
 * invitations fall back to a link the admin passes on. Notification emails are queued in the
 * transaction that records the notification and sent after it committed, by a background round with
 * retries: a slow or failing mail server never delays or undoes anything else.
 *
 * <p>Allowed dependencies: shared, accounts, notifications.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Mail",
    allowedDependencies = {"shared", "accounts", "notifications"})
package io.parley.mail;
