package io.creditstream.scorer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownHookTest {

  @Test
  void stopsTheScorerAndWaitsUntilItHasCleanedUp() throws Exception {
    // given a hook, run as the JVM runs it on SIGTERM (not installed: this JVM goes on)
    ScorerExit exit = new ScorerExit();
    ShutdownHook hook = new ShutdownHook("scorer-test", exit, Duration.ofSeconds(30));
    Thread thread = hook.thread();

    // when
    thread.start();

    // then the scorer is asked to stop, and the hook holds the JVM until it has closed everything
    await().atMost(Duration.ofSeconds(5)).until(exit::stopRequested);
    Thread.sleep(200);
    assertThat(thread.isAlive()).isTrue();
    hook.cleanedUp();
    thread.join(5_000);
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void anInstalledHookIsRemovedOnACleanExit() {
    ShutdownHook hook = new ShutdownHook("scorer-test", new ScorerExit(), Duration.ofSeconds(1));
    hook.install();

    hook.cleanedUp();

    // removed: the JVM refuses to remove it a second time
    assertThat(Runtime.getRuntime().removeShutdownHook(hook.thread())).isFalse();
  }
}
