/**
 * Every Kafka topic of the system, named once with its key and value serdes ({@link
 * io.creditstream.topics.Topics}), and the settings each topic should be created with ({@link
 * io.creditstream.topics.TopicSpecs}).
 */
package io.creditstream.topics;
