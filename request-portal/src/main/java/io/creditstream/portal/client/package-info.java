/**
 * The client's page behind the signed link: status pushed live by Server-Sent Events, the decision,
 * the score against the threshold, the reasons and where the client stands in the population.
 */
package io.creditstream.portal.client;
