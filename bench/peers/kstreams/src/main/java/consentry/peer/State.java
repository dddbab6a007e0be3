package consentry.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The per-subject state in the two RocksDB stores, with compact binary serdes (a JSON value
 * per key would cost more to read and write than the rules themselves).
 */
final class State {
  private State() {}

  // Channels as bits; "*" is every channel.
  static final String[] CHANNELS = {"email", "sms", "mms", "push", "voice", "whatsapp", "letter",
                                    "in_app"};
  static final int ALL_CHANNELS = 1 << 30;

  static int channelBit(String channel) {
    for (int i = 0; i < CHANNELS.length; i++) {
      if (CHANNELS[i].equals(channel)) return 1 << i;
    }
    throw new SerializationException("unknown channel");
  }

  static int channelMask(List<String> channels) {
    int mask = 0;
    for (String c : channels) mask |= "*".equals(c) ? ALL_CHANNELS : channelBit(c);
    return mask;
  }

  static final byte GRANT = 0, WITHDRAW = 1, OBJECT = 2, EXPIRE = 3;

  static byte action(String a) {
    return switch (a) {
      case "grant" -> GRANT;
      case "withdraw" -> WITHDRAW;
      case "object" -> OBJECT;
      case "expire" -> EXPIRE;
      default -> throw new SerializationException("unknown action");
    };
  }

  /** One consent decision as the ledger keeps it. */
  record Decision(long recordedAt, String eventId, String tenant, byte action, int channels,
                  String[] purposes) {
    boolean hasChannel(int bit) { return (channels & (ALL_CHANNELS | bit)) != 0; }
  }

  /** A subject's decisions in event-time order: (recorded_at, event_id, tenant), as consentry. */
  static final class Ledger {
    static final Comparator<Decision> ORDER = Comparator.comparingLong(Decision::recordedAt)
        .thenComparing(Decision::eventId).thenComparing(Decision::tenant);
    final List<Decision> decisions;

    Ledger(List<Decision> decisions) { this.decisions = decisions; }

    /** Inserts in order; false if (tenant, event_id) is already there (idempotent). */
    boolean insert(Decision d) {
      for (Decision e : decisions) {
        if (e.eventId().equals(d.eventId()) && e.tenant().equals(d.tenant())) return false;
      }
      int i = decisions.size();
      while (i > 0 && ORDER.compare(decisions.get(i - 1), d) > 0) i--;
      decisions.add(i, d);
      return true;
    }
  }

  /** A subject's messages that a frequency cap counts: (second of sent_at, tenant, channel bit, purpose). */
  record Sent(long second, String tenant, int channel, String purpose) {}

  static final class SentLog {
    final List<Sent> sent;

    SentLog(List<Sent> sent) { this.sent = sent; }

    /** Drops what no later message's window can reach (time order: Kafka Streams' within a task). */
    void pruneUpTo(long secondInclusive) {
      sent.removeIf(s -> s.second() <= secondInclusive);
    }
  }

  // ---- serdes ----

  private static void putString(ByteBuffer b, byte[] s) {
    b.putInt(s.length);
    b.put(s);
  }

  private static String getString(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  static final Serde<Ledger> LEDGER = Serdes.serdeFrom(
      (Serializer<Ledger>) (topic, ledger) -> {
        int size = 4;
        List<byte[][]> strings = new ArrayList<>(ledger.decisions.size());
        for (Decision d : ledger.decisions) {
          byte[][] s = new byte[2 + d.purposes().length][];
          s[0] = utf8(d.eventId());
          s[1] = utf8(d.tenant());
          for (int i = 0; i < d.purposes().length; i++) s[2 + i] = utf8(d.purposes()[i]);
          for (byte[] x : s) size += 4 + x.length;
          size += 8 + 1 + 4 + 4;
          strings.add(s);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(ledger.decisions.size());
        for (int k = 0; k < ledger.decisions.size(); k++) {
          Decision d = ledger.decisions.get(k);
          byte[][] s = strings.get(k);
          b.putLong(d.recordedAt()).put(d.action()).putInt(d.channels());
          putString(b, s[0]);
          putString(b, s[1]);
          b.putInt(d.purposes().length);
          for (int i = 2; i < s.length; i++) putString(b, s[i]);
        }
        return b.array();
      },
      (Deserializer<Ledger>) (topic, bytes) -> {
        if (bytes == null) return null;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        List<Decision> decisions = new ArrayList<>(n + 1);
        for (int k = 0; k < n; k++) {
          long at = b.getLong();
          byte action = b.get();
          int channels = b.getInt();
          String eventId = getString(b);
          String tenant = getString(b);
          String[] purposes = new String[b.getInt()];
          for (int i = 0; i < purposes.length; i++) purposes[i] = getString(b);
          decisions.add(new Decision(at, eventId, tenant, action, channels, purposes));
        }
        return new Ledger(decisions);
      });

  static final Serde<SentLog> SENT_LOG = Serdes.serdeFrom(
      (Serializer<SentLog>) (topic, log) -> {
        int size = 4;
        List<byte[][]> strings = new ArrayList<>(log.sent.size());
        for (Sent s : log.sent) {
          byte[][] x = {utf8(s.tenant()), utf8(s.purpose())};
          size += 8 + 4 + 4 + x[0].length + 4 + x[1].length;
          strings.add(x);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(log.sent.size());
        for (int k = 0; k < log.sent.size(); k++) {
          Sent s = log.sent.get(k);
          b.putLong(s.second()).putInt(s.channel());
          putString(b, strings.get(k)[0]);
          putString(b, strings.get(k)[1]);
        }
        return b.array();
      },
      (Deserializer<SentLog>) (topic, bytes) -> {
        if (bytes == null) return null;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        List<Sent> sent = new ArrayList<>(n + 1);
        for (int k = 0; k < n; k++) {
          long second = b.getLong();
          int channel = b.getInt();
          sent.add(new Sent(second, getString(b), channel, getString(b)));
        }
        return new SentLog(sent);
      });
}
