package io.parley.mail;

import io.parley.accounts.Invitation;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

/**
 * The invitation email: the one-time link, the workspace, who invited and until when the link
 * works. Sent while the admin waits, so that the page can say whether it went out; the invitation
 * exists either way and its link can be passed on by hand.
 */
@Service
public class InvitationMail {

  private static final DateTimeFormatter EXPIRY =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final OutgoingMail mail;
  private final Users users;
  private final Workspaces workspaces;

  InvitationMail(OutgoingMail mail, Users users, Workspaces workspaces) {
    this.mail = mail;
    this.users = users;
    this.workspaces = workspaces;
  }

  /**
   * Emails the invitation with its link.
   *
   * @throws MailException when the mail server cannot be reached or refuses the message
   * @throws IllegalStateException when no mail server is configured
   */
  public void send(Invitation invitation, String link) {
    String workspace =
        workspaces.byId(invitation.workspaceId()).map(Workspace::name).orElse("Parley");
    String inviter =
        invitation.invitedBy() == null
            ? "An administrator"
            : users.byId(invitation.invitedBy()).map(User::displayName).orElse("An administrator");
    String expires = EXPIRY.format(invitation.expiresAt());
    String role = invitation.role().label().toLowerCase(Locale.ROOT);
    String text =
        """
        Hello %s,

        %s invited you to join %s on Parley as %s.

        Choose your password here to accept:
        %s

        The link works once, until %s. If you did not expect this invitation, ignore this email.
        """
            .formatted(invitation.displayName(), inviter, workspace, role, link, expires);
    String html =
        Letter.page(
            "Join " + workspace + " on Parley",
            "<p>Hello "
                + Letter.escape(invitation.displayName())
                + ",</p><p><strong>"
                + Letter.escape(inviter)
                + "</strong> invited you to join <strong>"
                + Letter.escape(workspace)
                + "</strong> on Parley as "
                + Letter.escape(role)
                + ".</p><p>The link works once, until "
                + Letter.escape(expires)
                + ". If you did not expect this invitation, ignore this email.</p>",
            "Accept the invitation",
            link);
    mail.send(
        new Letter(
            invitation.email(),
            invitation.displayName(),
            inviter + " invited you to " + workspace + " on Parley",
            text,
            html),
        workspace);
  }
}
