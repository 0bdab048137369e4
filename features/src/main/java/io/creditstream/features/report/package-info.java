/** What the product's HTML reports share: their one escaping. */
package io.creditstream.features.report;
