/**
 * The inbox's unit of work: conversations, their messages (inbound and outbound, with edit and
 * deletion history), internal notes, status, assignment, priority and tags. Queuing a reply stores
 * the outbound message and publishes {@code ReplyQueued} in the same transaction.
 *
 * <p>Allowed dependencies: shared, accounts, contacts.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Conversations",
    allowedDependencies = {"shared", "accounts", "contacts"})
package io.parley.conversations;
