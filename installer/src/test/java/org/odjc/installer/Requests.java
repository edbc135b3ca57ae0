package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odjc.testing.SambaDc;
import org.odjc.testing.ServiceProcesses;

/** Join requests put to the dispatcher, and what became of them. */
final class Requests {
    final List<String> ids;

    private Requests(List<String> ids) {
        this.ids = List.copyOf(ids);
    }

    static Requests submit(ServiceProcesses.Admin admin, SambaDc dc, String ou, String prefix, int n)
            throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            admin.await("POST", "/v1/requests", "{\"requestId\": \"" + id + "\", \"domain\": \"" + dc.domain()
                    + "\", \"ou\": \"" + ou + "\", \"computerNamePrefix\": \"UP\", \"deviceId\": \"d-" + id + "\"}");
            ids.add(id);
        }
        return new Requests(ids);
    }

    /** Waits until every request left the queue; asserts each succeeded; returns the dispatcher's answers. */
    Map<String, JsonNode> awaitSucceeded(ServiceProcesses.Admin admin, Duration timeout) throws InterruptedException {
        Map<String, JsonNode> finished = new LinkedHashMap<>();
        long until = System.nanoTime() + timeout.toNanos();
        while (finished.size() < ids.size() && System.nanoTime() < until) {
            for (String id : ids) {
                if (!finished.containsKey(id)) {
                    JsonNode v = admin.call("GET", "/v1/requests/" + id, null);
                    if (v != null && !v.get("state").asText().matches("queued|leased")) {
                        finished.put(id, v);
                    }
                }
            }
            Thread.sleep(250);
        }
        assertThat(finished.keySet()).as("finished within %s", timeout).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(finished.values()).allSatisfy(v -> assertThat(v.get("state").asText()).as(v.toString())
                .isEqualTo("succeeded"));
        return finished;
    }
}
