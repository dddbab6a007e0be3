package consentry.peer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One processor for both inputs (comms.outbound and consent.events are co-partitioned by
 * subject, so a task owns partition n of each and Kafka Streams feeds it both in timestamp
 * order). A decision goes into the subject's ledger; a message is judged against the ledger and
 * counted in the subject's log of capped messages, and each finding is forwarded to the sink
 * as {"detector": ..., "event_id": ...}.
 */
final class RulesProcessor implements Processor<String, Object, String, String> {
  static final String LEDGER_STORE = "consent-ledger";
  static final String SENT_STORE = "capped-messages";

  /** Shared by every task of the instance: how far the run is, for the main thread. */
  static final class Progress {
    final AtomicLong processed = new AtomicLong();
    volatile long firstNanos;
    volatile long lastNanos;
    final long expected;
    final LongAdder missing = new LongAdder();
    final LongAdder withdrawn = new LongAdder();
    final LongAdder frequency = new LongAdder();
    final LongAdder outsideProfile = new LongAdder();

    Progress(long expected) { this.expected = expected; }

    void record() {
      long n = processed.incrementAndGet();
      long now = System.nanoTime();
      if (n == 1) firstNanos = now;
      if (n == expected) lastNanos = now;
    }
  }

  /** The output record: {"detector": ..., "event_id": ...}. */
  record Alert(@JsonProperty("detector") String detector, @JsonProperty("event_id") String eventId) {}

  private final Map<String, List<Rules.Cap>> capsByTenant;
  private final long longestWindowSeconds;
  private final Progress progress;
  private ProcessorContext<String, String> context;
  private KeyValueStore<String, State.Ledger> ledgers;
  private KeyValueStore<String, State.SentLog> sentLogs;

  RulesProcessor(Map<String, List<Rules.Cap>> capsByTenant, Progress progress) {
    this.capsByTenant = capsByTenant;
    this.progress = progress;
    long longest = 0;
    for (List<Rules.Cap> caps : capsByTenant.values()) {
      for (Rules.Cap c : caps) longest = Math.max(longest, c.windowSeconds());
    }
    this.longestWindowSeconds = longest;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    this.ledgers = context.getStateStore(LEDGER_STORE);
    this.sentLogs = context.getStateStore(SENT_STORE);
  }

  @Override
  public void process(Record<String, Object> record) {
    Object v = record.value();
    if (v instanceof Events.Consent c) {
      decide(c);
    } else if (v instanceof Events.Outbound m) {
      judge(m, record.timestamp());
    }
    progress.record();
  }

  private void decide(Events.Consent c) {
    byte action = State.action(c.action);
    if (action == State.EXPIRE) {  // outside the peer profile: counted, not judged
      progress.outsideProfile.increment();
      return;
    }
    State.Decision d = new State.Decision(c.recordedAtMicros, c.eventId, c.tenant, action,
        State.channelMask(c.channels), c.purposes.toArray(new String[0]));
    State.Ledger ledger = ledgers.get(c.subject);
    if (ledger == null) ledger = new State.Ledger(new ArrayList<>(4));
    if (ledger.insert(d)) ledgers.put(c.subject, ledger);
  }

  private void judge(Events.Outbound m, long timestamp) {
    if (!"DK".equals(m.jurisdiction)) progress.outsideProfile.increment();  // judged as DK anyway
    int channel = State.channelBit(m.channel);
    String finding = Rules.consentFinding(m, channel, ledgers.get(m.subject));
    if (finding != null) emit(m, finding, timestamp);

    List<Rules.Cap> caps = capsByTenant.get(m.tenant);
    if (caps == null) return;
    boolean counted = false;
    for (Rules.Cap cap : caps) counted |= cap.covers(channel, m.purpose);
    if (!counted) return;
    long second = Math.floorDiv(m.sentAtMicros, 1_000_000L);
    State.SentLog log = sentLogs.get(m.subject);
    if (log == null) log = new State.SentLog(new ArrayList<>(4));
    log.pruneUpTo(second - longestWindowSeconds);
    log.sent.add(new State.Sent(second, m.tenant, channel, m.purpose));
    sentLogs.put(m.subject, log);
    for (Rules.Cap cap : caps) {  // one finding per message: the first cap exceeded
      if (cap.covers(channel, m.purpose)
          && Rules.count(cap, m.tenant, second, log.sent) > cap.max()) {
        emit(m, Rules.FREQUENCY, timestamp);
        break;
      }
    }
  }

  private void emit(Events.Outbound m, String detector, long timestamp) {
    switch (detector) {
      case Rules.MISSING -> progress.missing.increment();
      case Rules.WITHDRAWN -> progress.withdrawn.increment();
      default -> progress.frequency.increment();
    }
    String value;
    try {
      value = Events.JSON.writeValueAsString(new Alert(detector, m.eventId));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    context.forward(new Record<>(m.subject, value, timestamp));
  }
}
