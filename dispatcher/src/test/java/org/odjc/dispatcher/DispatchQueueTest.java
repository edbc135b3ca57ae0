package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.dispatcher.DispatchQueue.AdminView;
import org.odjc.dispatcher.DispatchQueue.Lease;
import org.odjc.dispatcher.DispatchQueue.Refused;
import org.odjc.dispatcher.DispatchQueue.Result;
import org.odjc.dispatcher.DispatchQueue.State;
import org.odjc.dispatcher.DispatchQueue.Submission;

/** The lease and fencing rules of docs/protocol.md, with a clock the test moves. */
class DispatchQueueTest {
    static final byte[] KEY = new byte[32];
    static final Set<String> CORP = Set.of("corp.example.com");
    static final byte[] BLOB = "a blob whose password must never be at rest in clear".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    DispatchQueue queue;

    @BeforeEach
    void open() throws Exception {
        queue = new DispatchQueue(dir.resolve("dispatcher.db"), KEY, clock, Duration.ofMinutes(2), Duration.ofHours(1),
                Duration.ofHours(24));
    }

    @AfterEach
    void close() throws Exception {
        queue.close();
    }

    static Submission submission(String id, String domain) {
        return new Submission(id, domain, "OU=Autopilot,DC=corp,DC=example,DC=com", null, "AP-", "device-" + id);
    }

    static Result success() {
        return new Result("AP-123", "CN=AP-123,OU=Autopilot,DC=corp,DC=example,DC=com", "S-1-5-21-1-2-3-1104",
                "dc1.corp.example.com", BLOB, null, null, false);
    }

    @Test
    void aRequestIsLeasedOnlyToAConnectorOfItsDomainWithTokenOneAndOnlyOnce() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.submit(submission("r2", "other.example.com"));

        List<Lease> leases = queue.lease("c1", CORP, 10);

        assertThat(leases).singleElement().satisfies(l -> {
            assertThat(l.request().requestId()).isEqualTo("r1");
            assertThat(l.fencingToken()).isEqualTo(1);
            assertThat(l.expires()).isEqualTo(now.plus(Duration.ofMinutes(2)));
        });
        assertThat(queue.lease("c2", CORP, 10)).isEmpty();
    }

    @Test
    void anUnreportedLeaseExpiresAndTheNextLeaseFencesTheOldHolderOut() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        now = now.plus(Duration.ofMinutes(3));

        Lease second = queue.lease("c2", CORP, 1).get(0);
        assertThat(second.fencingToken()).isEqualTo(2);

        Refused late = catchThrowableOfType(() -> queue.result("c1", "r1", 1, success()), Refused.class);
        assertThat(late.error()).isEqualTo("lease-lost");
        assertThat(catchThrowableOfType(() -> queue.extend("c1", "r1", 1, Duration.ofMinutes(2)), Refused.class).error())
                .isEqualTo("lease-lost");
        queue.result("c2", "r1", 2, success());
        assertThat(queue.adminView("r1").connectorId()).isEqualTo("c2");
    }

    @Test
    void theSameResultTwiceIsAcceptedOnceAndAnsweredTwice() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.result("c1", "r1", 1, success());
        queue.result("c1", "r1", 1, success());

        assertThat(queue.connectorView("c1", "r1")).isEqualTo(
                new DispatchQueue.ConnectorView("r1", "finished", false, null, null, "c1"));
        assertThat(catchThrowableOfType(() -> queue.result("c2", "r1", 1, success()), Refused.class).error())
                .isEqualTo("lease-lost");
    }

    @Test
    void recoveryLearnsWhetherTheLeaseIsStillItsOwn() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        Lease lease = queue.lease("c1", CORP, 1).get(0);

        assertThat(queue.connectorView("c1", "r1")).isEqualTo(
                new DispatchQueue.ConnectorView("r1", "leased", true, 1L, lease.expires(), null));
        assertThat(queue.connectorView("c2", "r1").leasedToYou()).isFalse();
        now = now.plus(Duration.ofMinutes(3));
        assertThat(queue.connectorView("c1", "r1").state()).isEqualTo("queued");
    }

    @Test
    void anExtensionKeepsTheLeaseAliveForItsHolder() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        now = now.plus(Duration.ofSeconds(100));
        queue.extend("c1", "r1", 1, Duration.ofMinutes(2));
        now = now.plus(Duration.ofSeconds(100));

        assertThat(queue.lease("c2", CORP, 1)).as("still c1's").isEmpty();
        queue.result("c1", "r1", 1, success());
        assertThat(queue.adminView("r1").state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    void aRetryableFailureQueuesTheRequestAgainAndAFinalOneClosesIt() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.result("c1", "r1", 1, new Result(null, null, null, null, null, "AD-006", "DC away", true));
        Lease again = queue.lease("c2", CORP, 1).get(0);
        assertThat(again.fencingToken()).isEqualTo(2);

        queue.result("c2", "r1", 2, new Result(null, null, null, null, null, "PROV-001", "OU not allowed", false));
        AdminView v = queue.adminView("r1");
        assertThat(v.state()).isEqualTo(State.FAILED);
        assertThat(v.code()).isEqualTo("PROV-001");
        assertThat(queue.lease("c3", CORP, 1)).isEmpty();
    }

    @Test
    void theBlobIsEncryptedAtRestHandedOverOnceThenGone() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.result("c1", "r1", 1, success());

        for (Path f : List.of(dir.resolve("dispatcher.db"), dir.resolve("dispatcher.db-wal"))) {
            if (Files.exists(f)) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain("never be at rest");
            }
        }
        AdminView first = queue.adminView("r1");
        assertThat(first.blob()).isEqualTo(BLOB);
        assertThat(first.toString()).doesNotContain("never be at rest");
        AdminView second = queue.adminView("r1");
        assertThat(second.blob()).isNull();
        assertThat(second.blobFetched()).isEqualTo(now);
        assertThat(second.computerName()).isEqualTo("AP-123");
    }

    @Test
    void anUnfetchedBlobIsDeletedAfterTheRetentionPeriod() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.result("c1", "r1", 1, success());
        now = now.plus(Duration.ofHours(25));

        assertThat(queue.adminView("r1").blob()).isNull();
    }

    @Test
    void aRequestPastItsTimeOutExpiresAndIsNoLongerLeased() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        now = now.plus(Duration.ofHours(2));

        assertThat(queue.lease("c1", CORP, 1)).isEmpty();
        assertThat(queue.adminView("r1").state()).isEqualTo(State.EXPIRED);
        assertThat(queue.connectorView("c1", "r1").state()).isEqualTo("expired");
    }

    @Test
    void aRepeatedSubmitAnswersWithTheRequestAndADifferentOneIsAConflict() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        assertThat(queue.submit(submission("r1", "corp.example.com")).state()).isEqualTo(State.QUEUED);
        Refused conflict = catchThrowableOfType(() -> queue.submit(new Submission("r1", "corp.example.com", null, "PC1",
                null, "d")), Refused.class);
        assertThat(conflict.error()).isEqualTo("conflict");
    }

    @Test
    void badSubmissionsAreRefusedWithBadRequestAndQueueNothing() throws Exception {
        List<Submission> bad = List.of(
                new Submission("r;1", "corp.example.com", null, "PC1", null, "d"),
                new Submission("r1", "corp example", null, "PC1", null, "d"),
                new Submission("r1", "corp.example.com", null, "PC1", "AP", "d"),
                new Submission("r1", "corp.example.com", null, null, null, "d"),
                new Submission("r1", "corp.example.com", null, "A-NAME-FAR-TOO-LONG", null, "d"),
                new Submission("r1", "corp.example.com", null, null, "-AP", "d"),
                new Submission("r1", "corp.example.com", null, "PC1", null, ""));
        for (Submission s : bad) {
            assertThat(catchThrowableOfType(() -> queue.submit(s), Refused.class).error()).as(s.toString())
                    .isEqualTo("bad-request");
        }
        assertThat(catchThrowableOfType(() -> queue.adminView("r1"), Refused.class).error()).isEqualTo("not-found");
    }

    @Test
    void leasesSurviveARestartOfTheDispatcher() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.close();
        queue = new DispatchQueue(dir.resolve("dispatcher.db"), KEY, clock, Duration.ofMinutes(2), Duration.ofHours(1),
                Duration.ofHours(24));

        assertThat(queue.lease("c2", CORP, 1)).isEmpty();
        queue.result("c1", "r1", 1, success());
        assertThat(queue.adminView("r1").state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    void aCancelledRequestIsNotLeasedAndItsHolderLearnsItIsGone() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.cancel("r1");

        assertThat(queue.connectorView("c1", "r1").state()).isEqualTo("cancelled");
        assertThat(catchThrowableOfType(() -> queue.result("c1", "r1", 1, success()), Refused.class).error())
                .isEqualTo("lease-lost");
    }

    @Test
    void controlCharactersInIdsAndNamesAreRefusedAndNothingIsStored() throws Exception {
        List<Submission> bad = List.of(
                new Submission("r1", "corp.example.com", null, "PC1", null, "dev\u001b[31m"),
                new Submission("r1", "corp.example.com", null, "PC1", null, "dev\u007f"),
                new Submission("r1", "corp.example.com", null, "PC1", null, "dev\u009b1m"),
                new Submission("r1", "corp.example.com", null, "PC1", null, "dev\u202eevil"),
                new Submission("r1", "corp.example.com", null, "PC1", null, "dev\u2066x"),
                new Submission("r1", "corp.example.com", null, "PC1", null, "line\u2028break"),
                new Submission("r1", "corp.example.com", null, "PC\u0007", null, "d"),
                new Submission("r\u0085", "corp.example.com", null, "PC1", null, "d"));
        for (Submission s : bad) {
            Refused r = catchThrowableOfType(() -> queue.submit(s), Refused.class);
            assertThat(r.error()).as(s.toString()).isEqualTo("bad-request");
            assertThat(r.getMessage()).as(s.toString()).matches("(requestId|deviceId|computerName): control character U\\+[0-9A-F]{4} .*");
        }
        assertThat(queue.stateCounts()).isEmpty();
    }

    @Test
    void theBlobCanBeReadWithoutConsumingItThenTakenExactlyOnce() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.result("c1", "r1", 1, success());

        AdminView peek = queue.adminViewWithoutBlob("r1");
        assertThat(peek.blob()).isNull();
        assertThat(peek.blobHeld()).isTrue();
        assertThat(queue.adminViewWithoutBlob("r1").blobHeld()).isTrue();
        assertThat(queue.takeBlob("r1")).isEqualTo(BLOB);
        Refused again = catchThrowableOfType(() -> queue.takeBlob("r1"), Refused.class);
        assertThat(again.error()).isEqualTo("blob-already-retrieved");
        assertThat(queue.adminViewWithoutBlob("r1").blobFetched()).isEqualTo(now);
    }

    @Test
    void aBlobPastItsRetentionIsGoneWithItsOwnErrorAndAnUnfinishedRequestHasNone() throws Exception {
        queue.submit(submission("r1", "corp.example.com"));
        queue.submit(submission("r2", "corp.example.com"));
        queue.lease("c1", CORP, 1);
        queue.result("c1", "r1", 1, success());
        assertThat(catchThrowableOfType(() -> queue.takeBlob("r2"), Refused.class).error()).isEqualTo("not-found");
        now = now.plus(Duration.ofHours(25));

        assertThat(catchThrowableOfType(() -> queue.takeBlob("r1"), Refused.class).error()).isEqualTo("blob-expired");
    }

    @Test
    void aNewSubmitSaysItWasCreatedAndARepeatSaysItWasNot() throws Exception {
        assertThat(queue.submitRequest(submission("r1", "corp.example.com")).created()).isTrue();
        assertThat(queue.submitRequest(submission("r1", "corp.example.com")).created()).isFalse();
    }

    @Test
    void theListIsNewestFirstPagedByCursorAndFilteredByStateAndTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.submit(submission("r" + i, "corp.example.com"));
            now = now.plusSeconds(10);
        }
        queue.cancel("r3");

        DispatchQueue.Page first = queue.list(null, null, 2, null);
        assertThat(first.requests()).extracting(AdminView::requestId).containsExactly("r4", "r3");
        assertThat(first.requests()).allSatisfy(v -> assertThat(v.blob()).isNull());
        DispatchQueue.Page second = queue.list(null, null, 2, first.nextCursor());
        assertThat(second.requests()).extracting(AdminView::requestId).containsExactly("r2", "r1");
        DispatchQueue.Page last = queue.list(null, null, 2, second.nextCursor());
        assertThat(last.requests()).extracting(AdminView::requestId).containsExactly("r0");
        assertThat(last.nextCursor()).isNull();

        assertThat(queue.list(State.CANCELLED, null, 100, null).requests()).extracting(AdminView::requestId)
                .containsExactly("r3");
        assertThat(queue.list(null, Instant.parse("2026-11-30T12:00:30Z"), 100, null).requests())
                .extracting(AdminView::requestId).containsExactly("r4", "r3");
        assertThat(catchThrowableOfType(() -> queue.list(null, null, 2, "not-a-cursor"), Refused.class).error())
                .isEqualTo("bad-request");
    }
}
