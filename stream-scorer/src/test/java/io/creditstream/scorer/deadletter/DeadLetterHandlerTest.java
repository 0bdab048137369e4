package io.creditstream.scorer.deadletter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  @Test
  void refusesToStartWithoutADeadLetterTopic() {
    // given a Streams config that forgot the dead-letter topic
    DeadLetterHandler handler = new DeadLetterHandler();

    // when / then
    assertThatThrownBy(() -> handler.configure(Map.of("schema.registry.url", "mock://dlh")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DeadLetterHandler.DLQ_TOPIC);
  }
}
