package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad input, from the corpus in {@code src/test/resources/bad-input}: refused by the portal with a
 * 4xx that names the problem, or (written straight to the topic) turned into a dead letter with the
 * reason; valid applications around them are still decided and every record is accounted for. Also
 * records written with an older and a newer version of the application schema.
 */
class BadInputTest {

  private static final Path CORPUS = Path.of("src/test/resources/bad-input");

  private static Path dir;
  private static SystemUnderTest system;

  @BeforeAll
  static void startPlatform() throws Exception {
    dir = SystemUnderTest.workDir("BadInputTest");
    system = SystemUnderTest.start(dir);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  /** A corpus file: its header values and payload. */
  record Case(String name, Map<String, String> header, String payload) {
    static Case read(Path file) {
      try {
        Map<String, String> header = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int i = 0;
        while (i < lines.size() && lines.get(i).startsWith("#")) {
          String line = lines.get(i).substring(1).strip();
          int colon = line.indexOf(':');
          header.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
          i++;
        }
        return new Case(
            file.getFileName().toString(),
            header,
            String.join("\n", lines.subList(i, lines.size())));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    List<String> expect() {
      return Arrays.asList(header.get("expect").split(" "));
    }
  }

  static List<Case> corpus(String kind) throws IOException {
    try (Stream<Path> files = Files.list(CORPUS.resolve(kind))) {
      return files.filter(f -> f.toString().endsWith(".case")).sorted().map(Case::read).toList();
    }
  }

  @Test
  void everyBadSubmissionIsRefusedWithAFourHundredNamingTheProblemAndValidOnesStillGetDecided()
      throws Exception {
    // given: a running scorer and portal, and the corpus
    List<Case> cases = corpus("portal");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
    try (Deployment d = system.deploy("badapi");
        DecisionCounter counter = new DecisionCounter(d)) {
      d.scorer("a").start();
      Portal portal = d.portal().start();
      List<LoanApplication> valid = Samples.records(system.model().trafficFile(), 10);
      Map<String, Object> base = Samples.body(valid.get(0));

      // when: valid submissions before and after every bad one
      List<String> accepted = new ArrayList<>();
      for (LoanApplication app : valid.subList(0, 5)) {
        accepted.add(acceptedId(portal.submit(Samples.json(Samples.body(app)))));
      }
      List<String> failures = new ArrayList<>();
      int refused = 0;
      for (Case c : cases) {
        HttpResponse<String> response = send(portal, c, base);
        List<String> expect = c.expect();
        int status = Integer.parseInt(expect.get(0));
        String body = response.body();
        if (response.statusCode() != status) {
          failures.add(
              c.name() + ": expected " + status + ", got " + response.statusCode() + " " + body);
          continue;
        }
        refused++;
        for (String word : expect.subList(1, expect.size())) {
          if (!body.contains(word)) {
            failures.add(c.name() + ": the answer does not name '" + word + "': " + body);
          }
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains(".java:")) {
          failures.add(c.name() + ": the answer leaks internals: " + body);
        }
      }
      for (LoanApplication app : valid.subList(5, 10)) {
        accepted.add(acceptedId(portal.submit(Samples.json(Samples.body(app)))));
      }

      // then: every bad request refused as the corpus says, every valid one decided, nothing else
      assertThat(failures).as("corpus cases not refused as expected").isEmpty();
      assertThat(refused).isEqualTo(cases.size());
      await().atMost(Duration.ofMinutes(2)).until(() -> counter.poll() >= accepted.size());
      Ledger ledger = Ledger.read(d);
      assertThat(ledger.applications().keySet())
          .as("only the valid submissions reached the topic")
          .containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(ledger.decisions().keySet()).containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(ledger.duplicated()).isEmpty();
      assertThat(ledger.deadLetters()).isEmpty();
    }
  }

  @Test
  void everyUnreadableRecordOnTheTopicBecomesADeadLetterWithItsReasonAndValidOnesAreDecided()
      throws Exception {
    // given: a running scorer and the corpus of raw records
    List<Case> cases = corpus("kafka");
    try (Deployment d = system.deploy("badkafka");
        DecisionCounter counter = new DecisionCounter(d);
        KafkaProducer<byte[], byte[]> producer = d.rawProducer()) {
      ServiceProcess scorer = d.scorer("a").start();
      String topic = d.topics().loanApplications().name();
      List<LoanApplication> valid = Samples.records(system.model().trafficFile(), cases.size() + 1);
      byte[] validBytes = encode(d, valid.get(0));

      // when: each bad record followed by a valid one, all on the same key (same partition)
      Map<Long, Case> badAtOffset = new LinkedHashMap<>();
      List<String> validIds = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        LoanApplication next = valid.get(i + 1);
        byte[] key = Long.toString(next.getSKIDCURR()).getBytes(StandardCharsets.UTF_8);
        RecordMetadata bad =
            producer.send(new ProducerRecord<>(topic, key, badValue(d, c, validBytes, next))).get();
        badAtOffset.put(offsetKey(bad.partition(), bad.offset()), c);
        producer.send(new ProducerRecord<>(topic, key, encode(d, next))).get();
        validIds.add(next.getApplicationId());
      }

      // then: every valid record decided, every bad one a dead letter naming why, scorer alive
      await().atMost(Duration.ofMinutes(2)).until(() -> counter.poll() >= validIds.size());
      Ledger ledger =
          await()
              .atMost(Duration.ofMinutes(1))
              .until(() -> Ledger.read(d), l -> l.deadLetters().size() >= cases.size());
      assertThat(scorer.isAlive()).isTrue();
      assertThat(ledger.decisions().keySet()).containsExactlyInAnyOrderElementsOf(validIds);
      assertThat(ledger.decisionRecords()).isEqualTo(validIds.size());
      assertThat(ledger.deadLetters()).hasSize(cases.size());
      List<String> failures = new ArrayList<>();
      for (DeadLetter letter : ledger.deadLetters()) {
        Case c = badAtOffset.get(offsetKey(letter.getSourcePartition(), letter.getSourceOffset()));
        if (c == null) {
          failures.add("dead letter for a record that was not bad: " + letter);
          continue;
        }
        List<String> expect = c.expect();
        if (!expect.get(0).equals(letter.getReasonCode())) {
          failures.add(
              c.name() + ": reason code " + letter.getReasonCode() + ": " + letter.getReason());
        }
        for (String word : expect.subList(1, expect.size())) {
          if (!letter.getReason().contains(word)) {
            failures.add(c.name() + ": reason does not name '" + word + "': " + letter.getReason());
          }
        }
        badAtOffset.remove(offsetKey(letter.getSourcePartition(), letter.getSourceOffset()));
      }
      assertThat(failures).isEmpty();
      assertThat(badAtOffset).as("bad records without a dead letter").isEmpty();
    }
  }

  @Test
  void oversizedRecordsAndHeadersNeitherStopThePartitionNorReachTheDecisions() throws Exception {
    // given: a running scorer, and a front office whose producer compresses and allows large
    // requests: the topic's 1 MiB limit counts compressed bytes, so megabytes of junk get through
    try (Deployment d = system.deploy("oversized");
        DecisionCounter counter = new DecisionCounter(d);
        KafkaProducer<byte[], byte[]> producer =
            d.rawProducer(
                Map.of(
                    ProducerConfig.COMPRESSION_TYPE_CONFIG,
                    "gzip",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    64 * 1024 * 1024))) {
      ServiceProcess scorer = d.scorer("a").start();
      String topic = d.topics().loanApplications().name();
      List<LoanApplication> apps = Samples.records(system.model().trafficFile(), 4);
      byte[] junk = new byte[8 * 1024 * 1024]; // 8 MiB that is not Avro (magic byte 7)
      java.util.Arrays.fill(junk, (byte) 7);
      LoanApplication absurd = LoanApplication.newBuilder(apps.get(1)).build();
      absurd.setApplicationId("x".repeat(3 * 1024 * 1024)); // an id of 3 MiB, readable Avro

      // when: each oversized record is followed by a valid application on the same key
      RecordMetadata unreadable =
          producer.send(new ProducerRecord<>(topic, key(apps.get(0)), junk)).get();
      producer.send(new ProducerRecord<>(topic, key(apps.get(0)), encode(d, apps.get(0)))).get();
      RecordMetadata invalid =
          producer.send(new ProducerRecord<>(topic, key(absurd), encode(d, absurd))).get();
      producer.send(new ProducerRecord<>(topic, key(apps.get(2)), encode(d, apps.get(2)))).get();
      // and a valid application that carries 8 MiB of headers (a header is the sender's to fill)
      ProducerRecord<byte[], byte[]> padded =
          new ProducerRecord<>(topic, key(apps.get(3)), encode(d, apps.get(3)));
      padded.headers().add("x-front-office-trace", junk);
      producer.send(padded).get();

      // then: the three valid ones are decided (the padded one without its sender's headers),
      // each oversized one is a dead letter that keeps the start of the record and names its
      // whole size, and the scorer is still running
      await().atMost(Duration.ofMinutes(2)).until(() -> counter.poll() >= 3);
      Ledger ledger =
          await()
              .atMost(Duration.ofMinutes(1))
              .until(() -> Ledger.read(d), l -> l.deadLetters().size() >= 2);
      assertThat(scorer.isAlive()).isTrue();
      assertThat(ledger.decisions().keySet())
          .containsExactlyInAnyOrder(
              apps.get(0).getApplicationId(),
              apps.get(2).getApplicationId(),
              apps.get(3).getApplicationId());
      assertThat(ledger.deadLetters()).hasSize(2);
      DeadLetter first = ledger.deadLetters().get(0);
      DeadLetter second = ledger.deadLetters().get(1);
      if (first.getSourceOffset() != unreadable.offset()
          || first.getSourcePartition() != unreadable.partition()) {
        DeadLetter t = first;
        first = second;
        second = t;
      }
      assertThat(first.getReasonCode()).isEqualTo("DESERIALIZATION");
      assertThat(first.getReason()).contains(junk.length + " bytes");
      assertThat(first.getValue().remaining()).isLessThan(junk.length);
      assertThat(second.getSourceOffset()).isEqualTo(invalid.offset());
      assertThat(second.getReasonCode()).isEqualTo("VALIDATION");
      assertThat(second.getReason()).contains("applicationId").contains("bytes");
      assertThat(second.getApplicationId().length()).isLessThan(200);
    }
  }

  @Test
  void recordsFromAnOlderAndANewerWriterSchemaAreBothDecided() throws Exception {
    // given: the application schema without an optional field (an older producer) and with an
    // extra optional field (a newer producer), both registered under the topic's subject
    try (Deployment d = system.deploy("evolution");
        DecisionCounter counter = new DecisionCounter(d);
        KafkaProducer<byte[], byte[]> producer = d.rawProducer()) {
      d.scorer("a").start();
      String topic = d.topics().loanApplications().name();
      List<LoanApplication> apps = Samples.records(system.model().trafficFile(), 3);
      // The current schema is registered first, by the normal serializer.
      producer.send(new ProducerRecord<>(topic, key(apps.get(0)), encode(d, apps.get(0)))).get();
      Schema current = LoanApplication.getClassSchema();
      Schema older = withoutField(current, "OWN_CAR_AGE");
      Schema newer = withExtraField(current, "PREFERRED_CONTACT_HOUR");
      int olderId = register(topic + "-value", older);
      int newerId = register(topic + "-value", newer);

      // when
      producer
          .send(
              new ProducerRecord<>(topic, key(apps.get(1)), encodeAs(older, olderId, apps.get(1))))
          .get();
      producer
          .send(
              new ProducerRecord<>(topic, key(apps.get(2)), encodeAs(newer, newerId, apps.get(2))))
          .get();

      // then
      await().atMost(Duration.ofMinutes(2)).until(() -> counter.poll() >= 3);
      Ledger ledger = Ledger.read(d);
      assertThat(ledger.decisions().keySet())
          .containsExactlyInAnyOrder(
              apps.get(0).getApplicationId(),
              apps.get(1).getApplicationId(),
              apps.get(2).getApplicationId());
      assertThat(ledger.deadLetters()).isEmpty();
    }
  }

  private static long offsetKey(int partition, long offset) {
    return ((long) partition << 48) | offset;
  }

  private static byte[] key(LoanApplication app) {
    return Long.toString(app.getSKIDCURR()).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encode(Deployment d, LoanApplication app) {
    return d.topics()
        .loanApplications()
        .valueSerde()
        .serializer()
        .serialize(d.topics().loanApplications().name(), app);
  }

  private static byte[] badValue(Deployment d, Case c, byte[] validBytes, LoanApplication app) {
    String value = c.header().get("value");
    if (value.equals("null")) {
      return null;
    }
    int colon = value.indexOf(':');
    String kind = value.substring(0, colon);
    String arg = value.substring(colon + 1);
    return switch (kind) {
      case "hex" -> HexFormat.of().parseHex(arg);
      case "text" -> arg.getBytes(StandardCharsets.UTF_8);
      case "truncated" -> Arrays.copyOf(validBytes, Integer.parseInt(arg));
      case "invalid-record" -> {
        String[] fv = arg.split("=");
        LoanApplication copy = LoanApplication.newBuilder(app).build();
        copy.put(fv[0], Double.valueOf(fv[1]));
        yield encode(d, copy);
      }
      default -> throw new IllegalArgumentException(c.name() + ": unknown value kind " + kind);
    };
  }

  private static HttpResponse<String> send(Portal portal, Case c, Map<String, Object> base)
      throws IOException, InterruptedException {
    String[] mode = c.header().get("body").split(" ");
    String body =
        switch (mode[0]) {
          case "raw" -> c.payload();
          case "merge" -> {
            ObjectNode node = Samples.mapper().valueToTree(base);
            node.setAll((ObjectNode) Samples.mapper().readTree(c.payload()));
            yield Samples.json(node);
          }
          case "remove" -> {
            Map<String, Object> copy = new LinkedHashMap<>(base);
            c.payload().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(copy::remove);
            yield Samples.json(copy);
          }
          case "huge" -> {
            Map<String, Object> copy = new LinkedHashMap<>(base);
            copy.put("padding", "x".repeat(Integer.parseInt(mode[1])));
            yield Samples.json(copy);
          }
          default ->
              throw new IllegalArgumentException(c.name() + ": unknown body mode " + mode[0]);
        };
    try {
      return portal.send(
          HttpRequest.newBuilder(URI.create(portal.url() + "/api/v1/applications"))
              .header("Content-Type", c.header().getOrDefault("content-type", "application/json"))
              .header("X-API-Key", system.apiKey())
              .POST(HttpRequest.BodyPublishers.ofString(body)));
    } catch (IOException e) {
      throw new IOException(c.name() + ": no answer from the portal: " + e, e);
    }
  }

  private static String acceptedId(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Samples.mapper().readTree(response.body()).path("applicationId").asString();
  }

  private static Schema withoutField(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      if (!f.name().equals(name)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    assertThat(fields).hasSize(schema.getFields().size() - 1);
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  private static Schema withExtraField(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(
        new Schema.Field(
            name,
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.INT)),
            "added by a newer producer",
            Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /** Registers through the registry's Confluent-compatible API; returns the schema id. */
  private static int register(String subject, Schema schema) throws Exception {
    String body = Samples.json(Map.of("schema", schema.toString()));
    HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            system.platform().registryUrl() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("registering under %s: %s", subject, response.body())
        .isEqualTo(200);
    return Samples.mapper().readTree(response.body()).path("id").asInt();
  }

  /** Confluent wire format: magic 0, the schema id, then the record in {@code schema}. */
  private static byte[] encodeAs(Schema schema, int id, LoanApplication app) throws IOException {
    GenericData data = new GenericData();
    data.addLogicalTypeConversion(
        new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    GenericRecord record = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      Schema.Field inCurrent = app.getSchema().getField(f.name());
      Object v = inCurrent == null ? 7 : app.get(inCurrent.pos());
      record.put(f.name(), v);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema, data).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
