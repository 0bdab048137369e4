/** The request portal's Spring Boot entry point; features live in the sub-packages. */
package io.creditstream.portal;
