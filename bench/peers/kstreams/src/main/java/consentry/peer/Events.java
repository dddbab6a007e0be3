package consentry.peer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** The two input schemas, as far as the three rules read them, and their JSON deserializers. */
final class Events {
  private Events() {}

  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** outbound.v1: one message sent. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Outbound {
    @JsonProperty("schema") String schema;
    @JsonProperty("event_id") String eventId;
    @JsonProperty("sent_at") String sentAt;
    @JsonProperty("tenant") String tenant;
    @JsonProperty("subject") String subject;
    @JsonProperty("channel") String channel;
    @JsonProperty("purpose") String purpose;
    @JsonProperty("sender_id") String senderId;
    @JsonProperty("jurisdiction") String jurisdiction;
    /** sent_at in microseconds since the epoch (consentry keeps microseconds too). */
    long sentAtMicros;
  }

  /** consent.v1: one decision a person made. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Consent {
    @JsonProperty("schema") String schema;
    @JsonProperty("event_id") String eventId;
    @JsonProperty("recorded_at") String recordedAt;
    @JsonProperty("tenant") String tenant;
    @JsonProperty("subject") String subject;
    @JsonProperty("action") String action;
    @JsonProperty("channels") List<String> channels;
    @JsonProperty("purposes") List<String> purposes;
    long recordedAtMicros;
  }

  /** RFC 3339 with an offset ("2026-03-01T09:30:00.25+01:00", "...Z") to epoch microseconds. */
  static long micros(String field, String text) {
    if (text == null) throw new SerializationException("missing field '" + field + "'");
    try {
      OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new SerializationException("field '" + field + "' is not an RFC 3339 timestamp");
    }
  }

  static void require(String field, Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())
        || (value instanceof List<?> l && l.isEmpty())) {
      throw new SerializationException("missing field '" + field + "'");
    }
  }

  /** `data` as a `type`, or a SerializationException naming what is wrong. */
  static <T> T read(byte[] data, Class<T> type, String topic, String schema) {
    try {
      return JSON.readValue(data, type);
    } catch (IOException e) {
      throw new SerializationException("bad " + schema + " JSON on " + topic, e);
    }
  }

  static void requireSchema(String expected, String actual) {
    if (!expected.equals(actual)) throw new SerializationException("not " + expected);
  }

  static final class OutboundDeserializer implements Deserializer<Outbound> {
    @Override
    public Outbound deserialize(String topic, byte[] data) {
      if (data == null) return null;
      Outbound m = read(data, Outbound.class, topic, "outbound.v1");
      requireSchema("outbound.v1", m.schema);
      require("event_id", m.eventId);
      require("tenant", m.tenant);
      require("subject", m.subject);
      require("channel", m.channel);
      require("purpose", m.purpose);
      m.sentAtMicros = micros("sent_at", m.sentAt);
      return m;
    }
  }

  static final class ConsentDeserializer implements Deserializer<Consent> {
    @Override
    public Consent deserialize(String topic, byte[] data) {
      if (data == null) return null;
      Consent c = read(data, Consent.class, topic, "consent.v1");
      requireSchema("consent.v1", c.schema);
      require("event_id", c.eventId);
      require("tenant", c.tenant);
      require("subject", c.subject);
      require("action", c.action);
      require("channels", c.channels);
      require("purposes", c.purposes);
      c.recordedAtMicros = micros("recorded_at", c.recordedAt);
      return c;
    }
  }
}
