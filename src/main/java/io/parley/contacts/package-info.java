/**
 * The people behind messages: one contact per person, with an identity per network (external id,
 * handle, display name, audience size). Identities are upserted as messages arrive.
 *
 * <p>Allowed dependencies: shared.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Contacts",
    allowedDependencies = {"shared"})
package io.parley.contacts;
