/**
 * The front-office API: API-key authentication, validation of submitted applications, idempotent
 * publication to {@code loan-applications}, the decision status endpoint and the per-key rate
 * limit.
 */
package io.creditstream.portal.frontoffice;
