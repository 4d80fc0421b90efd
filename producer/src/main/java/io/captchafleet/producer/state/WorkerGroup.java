package io.captchafleet.producer.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.Futures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The worker group as the cluster sees it: live members and how far behind the input topics it is
 * (committed offsets against the last stable offsets). Read with the Admin client; a snapshot.
 *
 * @param members live members, by instance id (or member id for dynamic members)
 * @param lag     records not yet committed by the group, per input topic
 */
public record WorkerGroup(List<Member> members, Map<String, Long> lag) {

    /** One live worker. */
    public record Member(String instanceId, String clientId, String host, int partitions) {
    }

    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    public static WorkerGroup read(Admin admin, TopicLayout layout) {
        return new WorkerGroup(members(admin, layout.workerGroup()), lag(admin, layout));
    }

    private static List<Member> members(Admin admin, String group) {
        List<Member> members = new ArrayList<>();
        try {
            ConsumerGroupDescription d = Futures.get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            for (MemberDescription m : d.members()) {
                members.add(new Member(m.groupInstanceId().orElse(m.consumerId()), m.clientId(), m.host(),
                        m.assignment().topicPartitions().size()));
            }
        } catch (CaptchaFleetException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        members.sort((a, b) -> a.instanceId().compareTo(b.instanceId()));
        return members;
    }

    private static Map<String, Long> lag(Admin admin, TopicLayout layout) {
        Collection<TopicDescription> topics = Futures.get(admin.describeTopics(layout.inputTopics()).allTopicNames()).values();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription t : topics) {
            t.partitions().forEach(p -> {
                latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.earliest());
            });
        }
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var ends = Futures.get(admin.listOffsets(latest, committedOnly).all());
        var starts = Futures.get(admin.listOffsets(earliest, committedOnly).all());
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, layout.workerGroup());
        Map<String, Long> lag = new TreeMap<>();
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c == null ? starts.get(tp).offset() : Math.max(c.offset(), starts.get(tp).offset());
            lag.merge(tp.topic(), Math.max(0, ends.get(tp).offset() - from), Long::sum);
        }
        return lag;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = Futures.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    present.put(tp, o);
                }
            });
            return present;
        } catch (CaptchaFleetException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
            return Map.of();
        }
    }
}
