package io.creditstream.scorer.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The scorer's HTTP endpoints (JDK server, loopback by default): {@code GET /health/live} (200
 * while the process runs), {@code GET /health/ready} (200 when {@code ready} says so, else 503) and
 * {@code GET /metrics} (Prometheus text from {@code scrape}).
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  public HealthServer(
      String host,
      int port,
      BooleanSupplier ready,
      Supplier<String> readinessDetail,
      Supplier<String> scrape)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "UP\n"));
    server.createContext(
        "/health/ready",
        ex -> {
          boolean ok = ready.getAsBoolean();
          respond(
              ex,
              ok ? 200 : 503,
              "text/plain",
              (ok ? "READY" : "NOT READY") + ": " + readinessDetail.get() + "\n");
        });
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get()));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "health-http");
              t.setDaemon(true);
              return t;
            }));
  }

  public HealthServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
