/** The client's portal link: a signed, expiring credential for one application of one client. */
package io.creditstream.portal.link;
