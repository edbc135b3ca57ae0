package org.odjc.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinResult;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RemoteStatus;
import org.odjc.provisioning.RequestId;

/** The connector's wire types against the protocol's example messages (docs/protocol/examples). */
class WireTest {
    /** Every example file, and the record it is read as. */
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("enroll-request.json", Wire.EnrollRequest.class),
            Map.entry("enroll-response.json", Wire.EnrollResponse.class),
            Map.entry("lease-request.json", Wire.LeaseRequest.class),
            Map.entry("lease-response.json", Wire.LeaseResponse.class),
            Map.entry("extend-request.json", Wire.ExtendRequest.class),
            Map.entry("extend-response.json", Wire.ExtendResponse.class),
            Map.entry("result-succeeded.json", Wire.Result.class),
            Map.entry("result-failed.json", Wire.Result.class),
            Map.entry("result-response.json", Wire.ResultResponse.class),
            Map.entry("error-lease-lost.json", Wire.ErrorBody.class),
            Map.entry("status-response.json", Wire.Status.class),
            Map.entry("status-finished-by-other.json", Wire.Status.class),
            Map.entry("heartbeat-request.json", Wire.Heartbeat.class),
            Map.entry("heartbeat-response.json", Wire.HeartbeatResponse.class),
            Map.entry("submit-request.json", Wire.WireRequest.class),
            Map.entry("request-status.json", JsonNode.class), // admin side: the dispatcher's, not the connector's
            Map.entry("connectors-response.json", JsonNode.class));

    static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs/protocol/examples"))) {
                return p.resolve("docs/protocol/examples");
            }
        }
        throw new IllegalStateException("no docs/protocol/examples above " + Path.of("").toAbsolutePath());
    }

    static Stream<String> exampleFiles() throws Exception {
        try (Stream<Path> files = Files.list(examples())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void everyExampleRoundTripsThroughItsRecordWithoutLosingAField(String file) throws Exception {
        assertThat(TYPES).as("every example has a type; add " + file + " to TYPES").containsKey(file);
        JsonNode original = Wire.JSON.readTree(examples().resolve(file).toFile());
        Object read = Wire.JSON.treeToValue(original, TYPES.get(file));
        JsonNode again = Wire.JSON.readTree(Wire.JSON.writeValueAsString(read)); // as a receiver parses it
        if (file.equals("submit-request.json")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) original).remove("requestId"); // admin-only field
        }
        assertThat(again).isEqualTo(original);
    }

    @Test
    void aLeaseBecomesTheCoresRequestAndLease() throws Exception {
        Wire.LeaseResponse r = read("lease-response.json", Wire.LeaseResponse.class);
        LeasedRequest first = Wire.leased(r.leases().get(0));
        assertThat(first.lease()).isEqualTo(new Lease(new RequestId("rq-2026-11-30-000042"), 3,
                Instant.parse("2026-11-30T12:02:00Z")));
        assertThat(first.request().name()).isEqualTo(NameRequest.Prefix.parse("AP-"));
        assertThat(first.request().ou()).contains(
                DistinguishedName.parse("OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com"));
        LeasedRequest second = Wire.leased(r.leases().get(1));
        assertThat(second.request().name()).isEqualTo(new NameRequest.Exact(ComputerName.parse("KIOSK-0042")));
        assertThat(second.request().ou()).isEmpty();
    }

    @Test
    void aLeaseWithBothOrNeitherNameFieldIsACodedProtocolBreach() throws Exception {
        Wire.WireRequest both = new Wire.WireRequest("corp.example.com", null, "PC1", "AP", "d");
        Wire.WireRequest neither = new Wire.WireRequest("corp.example.com", null, null, null, "d");
        for (Wire.WireRequest r : new Wire.WireRequest[] {both, neither}) {
            ConnectorException e = catchThrowableOfType(() -> Wire.leased(
                    new Wire.WireLease("r1", 1, "2026-11-30T12:00:00Z", r)), ConnectorException.class);
            assertThat(e.code()).isEqualTo(FailureCode.CLOUD_BAD_MESSAGE);
        }
        assertThat(catchThrowableOfType(() -> Wire.leased(new Wire.WireLease("r1", 1, "tomorrow",
                new Wire.WireRequest("corp.example.com", null, "PC1", null, "d"))), ConnectorException.class).code())
                .isEqualTo(FailureCode.CLOUD_BAD_MESSAGE);
        assertThat(catchThrowableOfType(() -> Wire.leased(new Wire.WireLease("r1;drop", 1, "2026-11-30T12:00:00Z",
                new Wire.WireRequest("corp.example.com", null, "PC1", null, "d"))), ConnectorException.class).code())
                .isEqualTo(FailureCode.INPUT_BAD_REQUEST_ID);
    }

    @Test
    void resultsAreWrittenAsTheExamplesShowThem() throws Exception {
        Lease lease3 = new Lease(new RequestId("rq-2026-11-30-000042"), 3, Instant.parse("2026-11-30T12:02:00Z"));
        Wire.Result example = read("result-succeeded.json", Wire.Result.class);
        Wire.Result ours = Wire.result(lease3, new JoinResult.Succeeded(ComputerName.parse("AP-7K2M9QXW4RT"),
                DistinguishedName.parse(example.dn()), Sid.parse(example.sid()), "dc1.corp.example.com",
                Base64.getDecoder().decode(example.blob())));
        assertThat(ours).isEqualTo(example);
        assertThat(ours.toString()).doesNotContain(example.blob());

        Lease lease1 = new Lease(new RequestId("rq-2026-11-30-000043"), 1, Instant.parse("2026-11-30T12:02:00Z"));
        Wire.Result failed = Wire.result(lease1, new JoinResult.Failed(FailureCode.PROV_OU_NOT_ALLOWED,
                "PROV-001 OU is not in the allow-list: OU=Finance,DC=corp,DC=example,DC=com", false));
        assertThat(failed).isEqualTo(read("result-failed.json", Wire.Result.class));
    }

    @Test
    void statusAnswersMapToWhatRecoveryDecidesOn() throws Exception {
        assertThat(Wire.remoteStatus(read("status-response.json", Wire.Status.class), "c-7f3a9e21"))
                .isEqualTo(new RemoteStatus.LeasedToUs(new Lease(new RequestId("rq-2026-11-30-000042"), 3,
                        Instant.parse("2026-11-30T12:02:00Z"))));
        Wire.Status byOther = read("status-finished-by-other.json", Wire.Status.class);
        assertThat(Wire.remoteStatus(byOther, "c-7f3a9e21")).isEqualTo(new RemoteStatus.Finished(false));
        assertThat(Wire.remoteStatus(byOther, "c-21be44d0")).isEqualTo(new RemoteStatus.Finished(true));
        assertThat(Wire.remoteStatus(new Wire.Status("r1", "cancelled", false, null, null, null), "c1"))
                .isInstanceOf(RemoteStatus.NotOurs.class);
        assertThat(catchThrowableOfType(() -> Wire.remoteStatus(new Wire.Status("r1", "weird", false, null, null, null),
                "c1"), ConnectorException.class).code()).isEqualTo(FailureCode.CLOUD_BAD_MESSAGE);
    }

    @Test
    void anEnrollmentTokenNeverShowsInToString() throws Exception {
        Wire.EnrollRequest r = read("enroll-request.json", Wire.EnrollRequest.class);
        assertThat(r.toString()).doesNotContain(r.token());
    }

    private static <T> T read(String file, Class<T> type) throws Exception {
        return Wire.JSON.readValue(examples().resolve(file).toFile(), type);
    }

}
