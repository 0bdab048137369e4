/**
 * The scoring benchmark (JMH): XGBoost4J through JNI against the pure-Java evaluator, per row. Run
 * by hand, never by {@code verify}; the command is in {@code model/README.md}.
 */
package io.creditstream.model.bench;
