/**
 * The Mastodon connector: notifications and direct statuses in, replies out, over the Mastodon
 * client REST API (also spoken by GoToSocial, Pleroma, Akkoma and snac, with differences noted in
 * docs/connectors.md).
 */
package io.parley.channels.mastodon;
