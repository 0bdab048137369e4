/**
 * System tests: the scorer and portal as real child processes on a real broker and registry,
 * killed, restarted, fed bad input and attacked, with every application accounted for; and {@link
 * io.creditstream.systemtests.Soak}, the long-running version.
 */
package io.creditstream.systemtests;
