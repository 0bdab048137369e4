/**
 * Who may do what: API keys for front offices, signed links for clients, form login for auditors;
 * CSRF, security headers and request size limits.
 */
package io.creditstream.portal.security;
