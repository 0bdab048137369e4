/**
 * The portal benchmark: the front-office submission API under concurrent clients, and the time a
 * decision takes from the decisions topic to many open client pages by SSE.
 */
package io.creditstream.benchmarks.portal;
