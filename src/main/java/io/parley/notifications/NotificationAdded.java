package io.parley.notifications;

/** A person has a new notification (for live updates of their bell); carries ids only. */
public record NotificationAdded(long notificationId, long workspaceId, long userId) {}
