package org.odjc.locator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SrvRecordTest {
    @Test
    void parsesTheTextJndiGives() {
        assertThat(SrvRecord.parse("0 100 389 dc1.corp.example.test."))
                .isEqualTo(new SrvRecord(0, 100, 389, "dc1.corp.example.test"));
    }

    @Test
    void lowerPriorityAlwaysComesFirst() {
        var a = new SrvRecord(10, 100, 389, "a");
        var b = new SrvRecord(0, 0, 389, "b");
        var c = new SrvRecord(5, 50, 389, "c");
        for (int seed = 0; seed < 50; seed++) {
            assertThat(SrvRecord.order(List.of(a, b, c), new SplittableRandom(seed))).containsExactly(b, c, a);
        }
    }

    @Test
    void withinOnePriorityHeavierRecordsComeFirstInProportion() {
        var heavy = new SrvRecord(0, 300, 389, "heavy");
        var light = new SrvRecord(0, 100, 389, "light");
        Map<String, Integer> first = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 4000; i++) {
            first.merge(SrvRecord.order(List.of(light, heavy), random).get(0).target(), 1, Integer::sum);
        }
        // expected share of "heavy" first: 301 / 402 = 0.749
        assertThat(first.get("heavy") / 4000.0).isBetween(0.70, 0.80);
    }

    @Test
    void theNoServiceTargetIsDropped() {
        assertThat(SrvRecord.order(List.of(SrvRecord.parse("0 0 0 .")), new SplittableRandom(1))).isEmpty();
    }
}
