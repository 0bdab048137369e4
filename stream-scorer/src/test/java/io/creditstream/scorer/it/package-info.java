/** Tests on the real local broker and registry (LocalPlatformExtension). */
package io.creditstream.scorer.it;
