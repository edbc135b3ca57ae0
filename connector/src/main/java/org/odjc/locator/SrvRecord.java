package org.odjc.locator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A DNS SRV record (RFC 2782): {@code priority weight port target}.
 *
 * @param target the host name, without the trailing dot
 */
public record SrvRecord(int priority, int weight, int port, String target) {
    public SrvRecord {
        Objects.requireNonNull(target, "target");
        if (priority < 0 || priority > 0xFFFF || weight < 0 || weight > 0xFFFF || port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("SRV fields are 16-bit: " + priority + " " + weight + " " + port);
        }
    }

    /** Parses the RDATA text JNDI gives: {@code "0 100 389 dc1.corp.example.test."}. */
    static SrvRecord parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 4) {
            throw new IllegalArgumentException("not an SRV record: " + text);
        }
        String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
        return new SrvRecord(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), target);
    }

    /**
     * The order RFC 2782 asks clients to try targets in: lowest priority first; within one
     * priority, a weighted random draw (weight 0 entries last but still possible). A target of
     * {@code "."} means "no such service" and is dropped.
     */
    static List<SrvRecord> order(List<SrvRecord> records, RandomGenerator random) {
        List<SrvRecord> left = new ArrayList<>(records.stream().filter(r -> !r.target().isEmpty()).toList());
        left.sort(Comparator.comparingInt(SrvRecord::priority));
        List<SrvRecord> out = new ArrayList<>(left.size());
        int i = 0;
        while (i < left.size()) {
            int priority = left.get(i).priority();
            List<SrvRecord> group = new ArrayList<>();
            while (i < left.size() && left.get(i).priority() == priority) {
                group.add(left.get(i++));
            }
            while (!group.isEmpty()) {
                int total = group.stream().mapToInt(r -> r.weight() + 1).sum();
                int pick = random.nextInt(total);
                for (int k = 0; k < group.size(); k++) {
                    pick -= group.get(k).weight() + 1;
                    if (pick < 0) {
                        out.add(group.remove(k));
                        break;
                    }
                }
            }
        }
        return out;
    }
}
