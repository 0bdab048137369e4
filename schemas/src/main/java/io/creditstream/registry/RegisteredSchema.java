package io.creditstream.registry;

import org.apache.avro.Schema;

/**
 * One version of a subject: its globally unique id, its version number within the subject and the
 * schema.
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
