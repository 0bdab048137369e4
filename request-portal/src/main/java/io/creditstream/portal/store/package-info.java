/**
 * The portal's local, durable view of the topics it reads ({@code loan-decisions}, {@code
 * loan-applications}, {@code model-releases}, {@code model-drift}): an embedded database per
 * instance fed by {@link io.creditstream.portal.store.TopicMirror}, with the consumed offsets
 * stored in the same transaction as the rows.
 */
package io.creditstream.portal.store;
