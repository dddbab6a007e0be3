package consentry.peer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time, not the Kafka record time: sent_at for outbound.v1, recorded_at for consent.v1.
 * Kafka Streams calls it after the value deserializer, so the timestamp parsed there is reused.
 * Kafka Streams then hands each task's records to the processor in timestamp order across the
 * task's partitions (the smallest head timestamp first), so a decision reaches the processor
 * before any message of the same subject sent after it.
 */
public final class EventTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object v = record.value();
    if (v instanceof Events.Outbound m) return Math.floorDiv(m.sentAtMicros, 1000L);
    if (v instanceof Events.Consent c) return Math.floorDiv(c.recordedAtMicros, 1000L);
    return partitionTime;  // a tombstone: nothing to judge
  }
}
