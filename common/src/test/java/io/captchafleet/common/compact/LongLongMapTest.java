package io.captchafleet.common.compact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LongLongMapTest {

    @Test
    void behavesLikeAHashMapThroughGrowthAndRemovals() {
        LongLongMap map = new LongLongMap();
        Map<Long, Long> reference = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long key = 1 + random.nextInt(50_000);
            long value = random.nextLong();
            if (random.nextInt(4) == 0) {
                Long expected = reference.remove(key);
                assertThat(map.remove(key)).isEqualTo(expected == null ? LongLongMap.ABSENT : expected);
            } else {
                Long expected = reference.put(key, value);
                assertThat(map.put(key, value)).isEqualTo(expected == null ? LongLongMap.ABSENT : expected);
            }
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(reference);
    }

    @Test
    void taskHashesOfNearbyIdsDiffer() {
        LongLongMap map = new LongLongMap();
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(map.put(TaskHash.of("batch/" + i), i)).isEqualTo(LongLongMap.ABSENT);
        }
        assertThat(map.size()).isEqualTo(1_000_000);
    }
}
