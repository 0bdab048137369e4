/** What the product's HTML reports share: their one escaping and their one SVG writer. */
package io.creditstream.features.report;
