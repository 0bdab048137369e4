package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.records.LoanApplications;
import io.creditstream.scorer.replay.ReplayCommand;
import io.creditstream.serde.AvroSerializer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * One application contract at every door (issue 15's acceptance test). A corpus of crafted
 * applications ({@link ContractCorpus}) goes in through the portal's API, through Java's producer
 * with the project's serde, and through Confluent's Python client (librdkafka: its own partitioner,
 * keys written as Avro) — plus duplicates, reused ids and wrong keys. Then: every accepted
 * application reaches a terminal state on its client's page within 5 s; each crafted application
 * gets the same verdict at every door, bit for bit; no client with published features is decided
 * without them; no application id's decision is replaced by another's; and replay of the whole
 * history (refusals, policy decisions, moved records) finds every decision identical.
 */
class ApplicationContractTest {

  private static final Path PRODUCER = Path.of("src/test/python/avro_producer.py");
  private static final Path SCHEMA = Path.of("../schemas/src/main/avro/LoanApplication.avsc");
  private static final Pattern VIOLATION =
      Pattern.compile("(?:^|; |: )([A-Za-z_0-9]+): [^;]*\\[([a-z_]+)\\]");

  private static Path dir;
  private static SystemUnderTest system;

  @BeforeAll
  static void startPlatform() throws Exception {
    dir = SystemUnderTest.workDir("ApplicationContractTest");
    system = SystemUnderTest.start(dir);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  enum Door {
    API,
    JAVA,
    LIBRDKAFKA
  }

  /** What became of one application sent through one door. */
  static final class Sent {
    final String id;
    final long clientId;
    final Door door;
    final long sentNanos;
    volatile String doorRefusal; // refused before reaching Kafka (400, 409, cannot encode)
    volatile String link; // the client's credential
    volatile JsonNode terminal; // the client's page once DECIDED or REFUSED
    volatile JsonNode record; // the front office's view: the decision, or the refusal
    volatile long visibleNanos = -1;

    Sent(String id, long clientId, Door door) {
      this.id = id;
      this.clientId = clientId;
      this.door = door;
      this.sentNanos = System.nanoTime();
    }
  }

  @Test
  void everyApplicationFromEveryDoorEndsVisiblyOnceWithTheSameVerdict() throws Exception {
    assertThat(DebianPython.runs("from confluent_kafka.avro import AvroProducer"))
        .as(
            "Confluent's Python client is needed: apt-get install python3-confluent-kafka"
                + " python3-avro python3-requests (.ci/run installs them)")
        .isTrue();
    try (Deployment d = system.deploy("contract")) {
      d.scorer("a").start();
      Portal portal = d.portal().start();
      Set<Long> withFeatures = clientsWithFeatures(d);
      List<LoanApplication> bases = new ArrayList<>();
      for (LoanApplication a : Samples.records(system.model().trafficFile(), 200)) {
        if (withFeatures.contains(a.getSKIDCURR()) && bases.size() < 5) {
          bases.add(a);
        }
      }
      assertThat(bases).hasSize(5);
      List<ContractCorpus.Case> cases = ContractCorpus.cases(bases);
      assertThat(cases).hasSizeGreaterThanOrEqualTo(200);

      Map<String, Sent> sent = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
      // Each client's page is watched from the moment its application is sent, all along.
      Watcher watcher = new Watcher(portal, sent);
      watcher.start();
      // the corpus, through each door
      for (ContractCorpus.Case c : cases) {
        Sent s = viaApi(portal, copy(c.application(), c.name() + "-API"), c.removed());
        sent.put(s.id, s);
      }
      try (KafkaProducer<String, Object> java = javaProducer(d)) {
        for (ContractCorpus.Case c : cases) {
          LoanApplication a = copy(c.application(), c.name() + "-JAVA");
          Sent s = viaJava(d, java, a, c.removed(), Long.toString(a.getSKIDCURR()));
          sent.put(s.id, s);
        }
      }
      Map<LoanApplication, String> pythonBatch = new LinkedHashMap<>();
      for (ContractCorpus.Case c : cases) {
        // python-avro refuses to encode a null in a required column, as Java's serde does
        pythonBatch.put(copy(c.application(), c.name() + "-LIBRDKAFKA"), c.removed());
      }
      sent.putAll(viaLibrdkafka(d, pythonBatch));

      // duplicates, reused ids and wrong keys (not compared across doors: checked on their own)
      Map<String, Long> firstOwner = new HashMap<>();
      try (KafkaProducer<String, Object> java = javaProducer(d)) {
        for (int i = 0; i < 10; i++) {
          LoanApplication a = copy(bases.get(i % 5), "dup-" + i);
          sent.put(a.getApplicationId(), viaJava(d, java, a, null, key(a)));
          LoanApplication again = copy(a, a.getApplicationId());
          again.setChannel("RETRY");
          viaJava(d, java, again, null, key(again)); // same application: must not be decided twice
        }
        for (int i = 0; i < 5; i++) {
          // The first application under the id comes through the API, so its client's link is
          // known (across partitions, Kafka gives no order in which the portal reads the others).
          LoanApplication first = copy(bases.get(i), "reused-" + i);
          Sent firstSent = viaApi(portal, first, null);
          assertThat(firstSent.doorRefusal).isNull();
          sent.put(first.getApplicationId(), firstSent);
          firstOwner.put(first.getApplicationId(), first.getSKIDCURR());
          // the same id: first the same client's changed application, then another client's
          LoanApplication changed = copy(first, first.getApplicationId());
          changed.setAMTANNUITY(first.getAMTANNUITY() == null ? 1000.0 : first.getAMTANNUITY() + 1);
          viaJava(d, java, changed, null, key(changed));
          LoanApplication other = copy(bases.get((i + 1) % 5), first.getApplicationId());
          viaJava(d, java, other, null, key(other));
        }
        for (int i = 0; i < 10; i++) {
          LoanApplication a = copy(bases.get(i % 5), "wrong-key-" + i);
          String wrongKey = i % 2 == 0 ? null : Long.toString(bases.get((i + 2) % 5).getSKIDCURR());
          sent.put(a.getApplicationId(), viaJava(d, java, a, null, wrongKey));
        }
      }
      Map<String, Object> reusedBody = body(copy(bases.get(0), "reused-api"), null);
      HttpResponse<String> firstApi = portal.submit(Samples.json(reusedBody));
      assertThat(firstApi.statusCode()).isEqualTo(202);
      Sent reusedApi = new Sent("reused-api", bases.get(0).getSKIDCURR(), Door.API);
      reusedApi.link = credential(Samples.mapper().readTree(firstApi.body()));
      sent.put(reusedApi.id, reusedApi);
      firstOwner.put(reusedApi.id, reusedApi.clientId);
      Map<String, Object> otherClient = body(copy(bases.get(1), "reused-api"), null);
      HttpResponse<String> second = portal.submit(Samples.json(otherClient));
      assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
      assertThat(second.body()).contains("application_id_conflict");

      // then every application that passed its door ends on its client's page, within 5 s
      watcher.finish(Duration.ofSeconds(60));
      List<String> late = new ArrayList<>();
      long maxMillis = 0;
      for (Sent s : sent.values()) {
        if (s.doorRefusal != null) {
          continue;
        }
        assertThat(s.terminal).as("application %s (%s) never ended", s.id, s.door).isNotNull();
        long millis = TimeUnit.NANOSECONDS.toMillis(s.visibleNanos - s.sentNanos);
        maxMillis = Math.max(maxMillis, millis);
        if (millis > 5_000) {
          late.add(s.id + " " + millis + " ms");
        }
      }
      System.out.printf(
          "contract corpus: %d crafted applications x 3 doors + %d extra; %d refused at the door;"
              + " slowest terminal state on a client's page %d ms after sending%n",
          cases.size(),
          sent.size() - 3L * cases.size(),
          sent.values().stream().filter(s -> s.doorRefusal != null).count(),
          maxMillis);
      assertThat(late).as("ended later than 5 s after sending").isEmpty();

      // the same verdict at every door
      List<String> disagreements = new ArrayList<>();
      Map<String, Integer> verdictCounts = new TreeMap<>();
      for (ContractCorpus.Case c : cases) {
        Map<Door, String> verdicts = new LinkedHashMap<>();
        for (Door door : Door.values()) {
          verdicts.put(door, verdict(sent.get(c.name() + "-" + door)));
        }
        verdictCounts.merge(kind(verdicts.get(Door.API)), 1, Integer::sum);
        if (verdicts.values().stream().distinct().count() != 1) {
          disagreements.add(c.name() + " " + verdicts);
        }
      }
      System.out.println("contract corpus verdicts (API door): " + verdictCounts);
      assertThat(disagreements).as("doors that disagree").isEmpty();
      // and the verdicts are the product's, not just consistent: plain facts about some of them
      for (int b = 0; b < 5; b++) {
        assertThat(verdict(sent.get("c" + b + "-age-109-API"))).startsWith("REFUSED DAYS_BIRTH");
        assertThat(verdict(sent.get("c" + b + "-employed-minus-1e9-API")))
            .startsWith("REFUSED DAYS_EMPLOYED");
        assertThat(verdict(sent.get("c" + b + "-annuity-0-API"))).startsWith("REFUSED AMT_ANNUITY");
        assertThat(verdict(sent.get("c" + b + "-organization-unknown-API")))
            .startsWith("REFUSED ORGANIZATION_TYPE");
        for (String credit : List.of("7900000.0", "1.0E9", "1.0E12", "1.0E300")) {
          assertThat(verdict(sent.get("c" + b + "-credit-" + credit + "-API")))
              .startsWith("REVIEW outside_training_range");
        }
        assertThat(verdict(sent.get("c" + b + "-annuity-above-income-API")))
            .startsWith("DECLINED repayment_exceeds_income");
        assertThat(verdict(sent.get("c" + b + "-valid-API"))).doesNotStartWith("REFUSED");
      }

      // no client with published features decided without them, whatever its door or key
      List<String> withoutHistory = new ArrayList<>();
      for (Sent s : sent.values()) {
        if (s.record != null
            && s.record.has("historyAvailable")
            && withFeatures.contains(s.clientId)
            && !s.record.get("historyAvailable").asBoolean()) {
          withoutHistory.add(s.id + " (" + s.door + ")");
        }
      }
      assertThat(withoutHistory).as("decided without the client's history").isEmpty();

      // one decision per application id, and never another client's under a reused id. The scorer
      // refuses a reused id on the partition of its first client (every same-client reuse, and
      // another client's when both clients share a partition); another client's reuse on another
      // partition is decided there, and the portal refuses to show it (DUPLICATE_ID).
      Map<String, Integer> decisionsById = decisionsById(d);
      int partitions = partitionCount(d);
      Map<String, Integer> expected = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        long first = bases.get(i).getSKIDCURR();
        long other = bases.get((i + 1) % 5).getSKIDCURR();
        expected.put(
            "reused-" + i,
            partitionOf(first, partitions) == partitionOf(other, partitions) ? 1 : 2);
      }
      decisionsById.forEach(
          (id, n) ->
              assertThat(n).as("decisions of %s", id).isEqualTo(expected.getOrDefault(id, 1)));
      for (String id : List.of("dup-0", "dup-5", "wrong-key-0", "wrong-key-1")) {
        assertThat(decisionsById).containsEntry(id, 1);
      }
      for (Map.Entry<String, Long> e : firstOwner.entrySet()) {
        Sent s = sent.get(e.getKey());
        assertThat(s.record.get("clientId").asLong()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(s.terminal.get("status").asString()).isEqualTo("DECIDED");
      }
      List<DeadLetter> letters = deadLetters(d);
      long sameClientReuses = 5;
      long sharedPartitionReuses = expected.values().stream().filter(n -> n == 1).count();
      assertThat(letters.stream().filter(l -> l.getReasonCode().equals("CONFLICT")).count())
          .as("reused ids the scorer refused")
          .isEqualTo(sameClientReuses + sharedPartitionReuses);

      // replay of the whole history: refusals, policy decisions and moved records included
      Path reports = Files.createDirectories(dir.resolve("replay-reports"));
      List<String> args = new ArrayList<>();
      args.add("--bootstrap-servers=" + d.config().get("bootstrap.servers"));
      args.add("--registry-url=" + d.config().get("schema.registry.url"));
      d.config()
          .forEach(
              (k, v) -> {
                if (k.startsWith("topic.")) {
                  args.add("--set=" + k + "=" + v);
                }
              });
      d.sealKeys()
          .forEach(
              (k, v) -> {
                if (k.startsWith("scorer.seal.public-key.")) {
                  args.add("--set=" + k + "=" + v);
                }
              });
      args.add("--report-dir=" + reports);
      args.add("--no-progress");
      args.add("--timeout=PT30S");
      args.add("--from=" + Instant.now().minus(Duration.ofHours(1)));
      CommandLine cl = ReplayCommand.commandLine();
      ReplayCommand command = cl.getCommand();
      StringWriter out = new StringWriter();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(out));
      int code = cl.execute(args.toArray(String[]::new));
      assertThat(code).as(out.toString()).isEqualTo(ReplayCommand.EXIT_OK);
      JsonNode summary =
          Samples.mapper().readTree(command.jsonReport().orElseThrow().toFile()).path("summary");
      long decided = decisionsById.values().stream().mapToLong(Integer::longValue).sum();
      System.out.println("contract corpus replay: " + summary);
      assertThat(summary.path("decisions").asLong()).isEqualTo(decided);
      assertThat(summary.path("identical").asLong()).isEqualTo(decided);
      assertThat(summary.path("allIdentical").asBoolean()).isTrue();
    }
  }

  // ---------------------------------------------------------------- the doors

  private static Sent viaApi(Portal portal, LoanApplication a, String removed)
      throws IOException, InterruptedException {
    Sent s = new Sent(a.getApplicationId(), a.getSKIDCURR(), Door.API);
    HttpResponse<String> r = portal.submit(Samples.json(body(a, removed)));
    JsonNode body = Samples.mapper().readTree(r.body());
    if (r.statusCode() == 202) {
      s.link = credential(body);
    } else {
      Set<String> fields = new TreeSet<>();
      body.path("fieldErrors").forEach(f -> fields.add(f.path("field").asString()));
      s.doorRefusal = "REFUSED " + String.join(",", fields) + " (" + r.statusCode() + ")";
    }
    return s;
  }

  private static Sent viaJava(
      Deployment d,
      KafkaProducer<String, Object> producer,
      LoanApplication a,
      String removed,
      String key) {
    Sent s = new Sent(a.getApplicationId(), a.getSKIDCURR(), Door.JAVA);
    Object value = a;
    if (removed != null) {
      // A generic record can hold the null that the generated class cannot.
      GenericRecord generic =
          (GenericRecord) GenericData.get().deepCopy(LoanApplication.getClassSchema(), a);
      generic.put(removed, null);
      // A generic writer knows no logical-type conversions: the timestamp as its long millis.
      generic.put("submittedAt", a.getSubmittedAt().toEpochMilli());
      value = generic;
    }
    try {
      producer.send(new ProducerRecord<>(d.topics().loanApplications().name(), key, value));
    } catch (org.apache.kafka.common.errors.SerializationException e) {
      // The schema has no null for a required column: the record cannot even be written.
      s.doorRefusal = "REFUSED " + removed + " (cannot encode)";
      assertThat(e.getMessage()).contains(removed);
    }
    return s;
  }

  private static Map<String, Sent> viaLibrdkafka(Deployment d, Map<LoanApplication, String> apps)
      throws Exception {
    Map<String, String> removed = new HashMap<>();
    Map<String, Sent> out = new LinkedHashMap<>();
    Process p =
        new ProcessBuilder(
                DebianPython.PYTHON.toString(),
                PRODUCER.toString(),
                d.config().get("bootstrap.servers").toString(),
                d.config().get("schema.registry.url").toString(),
                d.topics().loanApplications().name(),
                SCHEMA.toString())
            .redirectError(dir.resolve("avro_producer.err").toFile())
            .start();
    try (OutputStream in = p.getOutputStream()) {
      for (LoanApplication a : apps.keySet()) {
        removed.put(a.getApplicationId(), apps.get(a));
        out.put(
            a.getApplicationId(), new Sent(a.getApplicationId(), a.getSKIDCURR(), Door.LIBRDKAFKA));
        Map<String, Object> value = new LinkedHashMap<>(LoanApplications.toColumns(a));
        value.replaceAll((k, v) -> v instanceof CharSequence cs ? cs.toString() : v);
        value.put("applicationId", a.getApplicationId());
        value.put("channel", a.getChannel());
        value.put("submittedAt", a.getSubmittedAt().toEpochMilli());
        if (apps.get(a) != null) {
          value.put(apps.get(a), null);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("key", Long.toString(a.getSKIDCURR()));
        line.put("value", value);
        in.write((Samples.json(line) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode ack = Samples.mapper().readTree(line);
        if (ack.has("refused")) {
          String id = ack.get("id").asString();
          assertThat(removed.get(id))
              .as("python-avro refused %s: %s", id, ack.get("refused").asString())
              .isNotNull();
          out.get(id).doorRefusal = "REFUSED " + removed.get(id) + " (cannot encode)";
        }
      }
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("avro_producer.py: %s", Files.readString(dir.resolve("avro_producer.err")))
        .isZero();
    return out;
  }

  // ---------------------------------------------------------------- the client's page

  /**
   * Watches every client's page (8 at a time, over and over) from the moment its application is
   * sent until it shows DECIDED or REFUSED, recording when it first did.
   */
  static final class Watcher extends Thread {
    private final Portal portal;
    private final Map<String, Sent> sent;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private volatile long deadline = Long.MAX_VALUE;
    private volatile Exception failure;

    Watcher(Portal portal, Map<String, Sent> sent) {
      super("client-page-watcher");
      this.portal = portal;
      this.sent = sent;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (System.nanoTime() < deadline) {
          List<Sent> open;
          synchronized (sent) {
            open =
                sent.values().stream()
                    .filter(s -> s.doorRefusal == null && s.terminal == null)
                    .toList();
          }
          if (open.isEmpty() && deadline != Long.MAX_VALUE) {
            return;
          }
          List<Future<?>> round = new ArrayList<>();
          for (Sent s : open) {
            round.add(pool.submit(() -> look(portal, s)));
          }
          for (Future<?> f : round) {
            f.get();
          }
          Thread.sleep(20);
        }
      } catch (Exception e) {
        failure = e;
      } finally {
        pool.shutdownNow();
      }
    }

    /** Everything is sent: wait until every page ended, or the patience ran out. */
    void finish(Duration patience) throws Exception {
      deadline = System.nanoTime() + patience.toNanos();
      join(patience.toMillis() + 10_000);
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static Void look(Portal portal, Sent s) throws Exception {
    if (s.link == null) {
      // Straight to Kafka: the front office asks the portal for its client's link.
      HttpResponse<String> r =
          portal.get(
              "/api/v1/applications/" + enc(s.id) + "/link", Map.of("X-API-Key", system.apiKey()));
      if (r.statusCode() != 200) {
        return null;
      }
      s.link = credential(Samples.mapper().readTree(r.body()));
    }
    HttpResponse<String> page =
        portal.get(
            "/client/api/applications/" + enc(s.id) + "?credential=" + enc(s.link), Map.of());
    long now = System.nanoTime();
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    JsonNode view = Samples.mapper().readTree(page.body());
    String status = view.path("status").asString();
    if (status.equals("DECIDED") || status.equals("REFUSED")) {
      HttpResponse<String> r =
          portal.get(
              "/api/v1/applications/" + enc(s.id) + "/decision",
              Map.of("X-API-Key", system.apiKey()));
      s.record = Samples.mapper().readTree(r.body());
      s.visibleNanos = now;
      s.terminal = view;
    }
    return null;
  }

  /**
   * A door-independent verdict: the refused fields and rules, or the outcome, the policy rule, the
   * probability's bits and whether history was used.
   */
  private static String verdict(Sent s) {
    if (s == null) {
      return "NOT SENT";
    }
    if (s.doorRefusal != null) {
      return s.doorRefusal.replaceAll(" \\(.*\\)$", "");
    }
    if (s.record == null) {
      return "NO RECORD";
    }
    if ("REFUSED".equals(s.record.path("status").asString())) {
      Set<String> fields = new TreeSet<>();
      Matcher m = VIOLATION.matcher(s.record.path("reason").asString());
      while (m.find()) {
        fields.add(m.group(1));
      }
      String code = s.record.path("reasonCode").asString();
      return "REFUSED " + (code.equals("VALIDATION") ? String.join(",", fields) : code);
    }
    JsonNode policy = s.record.path("policy");
    return s.record.path("outcome").asString()
        + " "
        + (policy.isNull() || policy.isMissingNode() ? "model" : policy.path("rule").asString())
        + " p="
        + Long.toHexString(
            Double.doubleToLongBits(s.record.path("probabilityOfDefault").asDouble()))
        + " history="
        + s.record.path("historyAvailable").asBoolean();
  }

  private static String kind(String verdict) {
    int space = verdict.indexOf(' ');
    String first = space < 0 ? verdict : verdict.substring(0, space);
    int p = verdict.indexOf(" p=");
    return first.equals("REFUSED") || p < 0 ? first : verdict.substring(0, p);
  }

  // ---------------------------------------------------------------- helpers

  private static LoanApplication copy(LoanApplication a, String id) {
    return LoanApplication.newBuilder(a).setApplicationId(id).setSubmittedAt(Instant.now()).build();
  }

  private static String key(LoanApplication a) {
    return Long.toString(a.getSKIDCURR());
  }

  /** The API body: every column with a value, the application's own id and channel. */
  private static Map<String, Object> body(LoanApplication a, String removed) {
    Map<String, Object> body = Samples.body(a);
    body.put("applicationId", a.getApplicationId());
    body.put("channel", a.getChannel());
    if (removed != null) {
      body.remove(removed);
    }
    return body;
  }

  private static String credential(JsonNode answer) {
    String link = answer.path("clientLink").asString();
    return link.substring(link.lastIndexOf('/') + 1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Java's producer with the project's Avro serializer (specific or generic records). */
  private static KafkaProducer<String, Object> javaProducer(Deployment d) {
    Map<String, Object> p = new HashMap<>(d.config());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    AvroSerializer<Object> values = new AvroSerializer<>();
    values.configure(d.config(), false);
    return new KafkaProducer<>(p, new StringSerializer(), values);
  }

  private static int partitionCount(Deployment d) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      return c.partitionsFor(d.topics().loanApplications().name()).size();
    }
  }

  /** Where Java's default partitioner puts a client's records (its features' partition). */
  private static int partitionOf(long clientId, int partitions) {
    byte[] key = Long.toString(clientId).getBytes(StandardCharsets.UTF_8);
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(key))
        % partitions;
  }

  private static Set<Long> clientsWithFeatures(Deployment d) {
    Set<Long> clients = new HashSet<>();
    readAll(
        d,
        d.topics().clientFeatures().name(),
        r -> {
          if (r.key() != null && r.value() != null) {
            clients.add(Long.parseLong(new String(r.key(), StandardCharsets.UTF_8)));
          }
        });
    return clients;
  }

  private static Map<String, Integer> decisionsById(Deployment d) {
    Map<String, Integer> n = new ConcurrentHashMap<>();
    readAll(
        d,
        d.topics().loanDecisions().name(),
        r -> n.merge(d.decodeDecision(r.value()).getApplicationId(), 1, Integer::sum));
    return n;
  }

  private static List<DeadLetter> deadLetters(Deployment d) {
    List<DeadLetter> letters = new ArrayList<>();
    readAll(d, d.topics().deadLetters().name(), r -> letters.add(d.decodeDeadLetter(r.value())));
    return letters;
  }

  /** Every committed record of a topic, from the beginning to the end it has now. */
  private static void readAll(
      Deployment d,
      String topic,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
