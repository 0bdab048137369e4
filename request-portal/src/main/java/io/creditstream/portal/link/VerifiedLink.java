package io.creditstream.portal.link;

import java.time.Instant;

/** What a verified credential grants: read access to one application of one client until expiry. */
public record VerifiedLink(String applicationId, long clientId, Instant expiresAt) {}
