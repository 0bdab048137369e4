/**
 * The decision log's tamper evidence, shared by the scorer (which seals), replay and the portal
 * (which verify): {@code DecisionHash} (the canonical content hash of every schema version), {@code
 * SealKeys} (Ed25519 keys from PEM files, key ids, key rings for rotation) and {@code
 * DecisionSeals} (sealing and checking decisions and chain checkpoints).
 */
package io.creditstream.seal;
