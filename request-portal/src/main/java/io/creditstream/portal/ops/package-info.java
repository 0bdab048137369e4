/** What operators watch: the portal's business counters (submissions, refusals, live streams). */
package io.creditstream.portal.ops;
