/** The portal's validated configuration and the Kafka clients built from it. */
package io.creditstream.portal.config;
