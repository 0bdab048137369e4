/**
 * Kafka serializers and deserializers for Avro records in the Confluent wire format (magic byte 0,
 * 4-byte big-endian schema id, Avro binary), resolving schema ids through a Confluent-compatible
 * schema registry. They are configured with Confluent's property names and can be named by class in
 * a Kafka config, like Confluent's {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer}.
 */
package io.creditstream.serde;
