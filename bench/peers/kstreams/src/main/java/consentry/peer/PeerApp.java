package consentry.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams peer of consentry: consent.missing, consent.withdrawn and frequency.cap over
 * comms.outbound and consent.events, alerts to a topic of its own. Runs until it has processed
 * --expect input records, closes (which flushes the output and commits, for exactly_once_v2 the
 * last transaction), then prints one line:
 *
 * <pre>PEER records=N seconds=S rate=R peak_rss_bytes=B ...</pre>
 *
 * seconds runs from the first to the last input record processed; rate = records / seconds.
 */
public final class PeerApp {
  private PeerApp() {}

  private static final String USAGE = String.join("\n",
      "usage: PeerApp --bootstrap HOST:PORT --application-id ID --expect N --state-dir DIR",
      "               [--guarantee at_least_once|exactly_once_v2] [--alerts-topic peer.alerts]",
      "               [--outbound-topic comms.outbound] [--consent-topic consent.events]",
      "               [--cap TENANT:MAX:WINDOW_SECONDS]... [--threads 2] [--stall-seconds 120]",
      "               [--max-task-idle-ms 0] [--cache-bytes N] [--commit-interval-ms N]");

  public static void main(String[] argv) throws Exception {
    Map<String, List<String>> flags = parse(argv);
    String bootstrap = one(flags, "bootstrap", null);
    String appId = one(flags, "application-id", null);
    long expected = Long.parseLong(one(flags, "expect", null));
    String stateDir = one(flags, "state-dir", null);
    String guarantee = one(flags, "guarantee", StreamsConfig.AT_LEAST_ONCE);
    if (guarantee.equals("exactly_once")) guarantee = StreamsConfig.EXACTLY_ONCE_V2;
    String alerts = one(flags, "alerts-topic", "peer.alerts");
    String outbound = one(flags, "outbound-topic", "comms.outbound");
    String consent = one(flags, "consent-topic", "consent.events");
    int threads = Integer.parseInt(one(flags, "threads", "2"));
    long stallSeconds = Long.parseLong(one(flags, "stall-seconds", "120"));
    Map<String, List<Rules.Cap>> caps = new HashMap<>();
    for (String spec : flags.getOrDefault("cap", List.of())) {
      Rules.Cap cap = Rules.Cap.parse(spec);
      caps.computeIfAbsent(cap.tenant(), t -> new ArrayList<>()).add(cap);
    }

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    // Input is keyed by subject and judged in event time; see README.md for each setting.
    props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class);
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.parseLong(one(flags, "max-task-idle-ms", "0")));
    if (flags.containsKey("cache-bytes")) {
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.parseLong(one(flags, "cache-bytes", null)));
    }
    if (flags.containsKey("commit-interval-ms")) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.parseLong(one(flags, "commit-interval-ms", null)));
    }
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");

    int partitions = ensureAlertsTopic(bootstrap, outbound, alerts);
    RulesProcessor.Progress progress = new RulesProcessor.Progress(expected);
    Topology topology = topology(outbound, consent, alerts, caps, progress);

    Files.createDirectories(Path.of(stateDir));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long started = System.nanoTime();
    KafkaStreams streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(e -> {
      failure.compareAndSet(null, e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(30))));
    streams.start();

    // Done when every input record was processed; fail on an error or when nothing moves.
    long lastCount = -1, lastMove = System.nanoTime();
    while (true) {
      long n = progress.processed.get();
      if (n >= expected) break;
      Throwable t = failure.get();
      KafkaStreams.State state = streams.state();
      if (t != null || state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
          || state == KafkaStreams.State.PENDING_ERROR) {
        streams.close(Duration.ofSeconds(30));
        System.err.println("peer: stopped (" + state + ") after " + n + " of " + expected
            + " records" + (t == null ? "" : ": " + t));
        if (t != null) t.printStackTrace();
        System.exit(1);
      }
      if (n != lastCount) {
        lastCount = n;
        lastMove = System.nanoTime();
      } else if (System.nanoTime() - lastMove > stallSeconds * 1_000_000_000L) {
        streams.close(Duration.ofSeconds(30));
        System.err.println("peer: no progress for " + stallSeconds + " s at " + n + " of "
            + expected + " records; is --expect right?");
        System.exit(1);
      }
      Thread.sleep(20);
    }
    long closeStart = System.nanoTime();
    boolean closed = streams.close(Duration.ofSeconds(120));  // flushes and commits
    long end = System.nanoTime();
    if (!closed) {
      System.err.println("peer: close timed out; the last output may not be committed");
      System.exit(1);
    }
    long n = progress.processed.get();
    double seconds = (progress.lastNanos - progress.firstNanos) / 1e9;
    System.err.printf("peer: %s, %d partitions, %d threads; alerts consent.missing=%d "
            + "consent.withdrawn=%d frequency.cap=%d; outside the profile %d; start to first "
            + "record %.1f s, close (flush and commit) %.1f s%n",
        guarantee, partitions, threads, progress.missing.sum(), progress.withdrawn.sum(),
        progress.frequency.sum(), progress.outsideProfile.sum(),
        (progress.firstNanos - started) / 1e9, (end - closeStart) / 1e9);
    System.out.printf("PEER records=%d seconds=%.3f rate=%.0f peak_rss_bytes=%d%n",
        n, seconds, seconds > 0 ? n / seconds : 0.0, peakRssBytes());
    System.exit(0);  // the shutdown hook's close is a no-op now
  }

  static Topology topology(String outbound, String consent, String alerts,
                           Map<String, List<Rules.Cap>> caps, RulesProcessor.Progress progress) {
    Topology t = new Topology();
    t.addSource("outbound", Serdes.String().deserializer(), new Events.OutboundDeserializer(), outbound);
    t.addSource("consent", Serdes.String().deserializer(), new Events.ConsentDeserializer(), consent);
    t.addProcessor("rules", () -> new RulesProcessor(caps, progress), "outbound", "consent");
    // Persistent (RocksDB) key-value stores with changelogs, and the record cache on, as the DSL
    // would give them.
    t.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(RulesProcessor.LEDGER_STORE), Serdes.String(), State.LEDGER)
        .withCachingEnabled(), "rules");
    t.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(RulesProcessor.SENT_STORE), Serdes.String(), State.SENT_LOG)
        .withCachingEnabled(), "rules");
    t.addSink("alerts", alerts, Serdes.String().serializer(), Serdes.String().serializer(), "rules");
    return t;
  }

  /**
   * Creates the alerts topic when missing, with the inputs' partition count. Its records carry
   * event time (the input record's timestamp), which may be older than any retention period, so
   * retention by time is off.
   */
  static int ensureAlertsTopic(String bootstrap, String outbound, String alerts) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      TopicDescription in = admin.describeTopics(List.of(outbound)).allTopicNames().get().get(outbound);
      int partitions = in.partitions().size();
      try {
        admin.createTopics(List.of(new NewTopic(alerts, partitions, (short) -1)
            .configs(Map.of("retention.ms", "-1")))).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
      return partitions;
    }
  }

  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }

  private static Map<String, List<String>> parse(String[] argv) {
    Map<String, List<String>> flags = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        System.err.println("peer: bad argument " + argv[i] + "\n" + USAGE);
        System.exit(2);
      }
      flags.computeIfAbsent(argv[i].substring(2), k -> new ArrayList<>()).add(argv[++i]);
    }
    return flags;
  }

  private static String one(Map<String, List<String>> flags, String name, String fallback) {
    List<String> v = flags.get(name);
    if (v == null) {
      if (fallback != null) return fallback;
      System.err.println("peer: --" + name + " is required\n" + USAGE);
      System.exit(2);
    }
    return v.get(v.size() - 1);
  }
}
