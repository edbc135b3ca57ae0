package org.odjc.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JoinResult;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RemoteStatus;
import org.odjc.provisioning.RequestId;

/**
 * The connector's side of protocol v1 (docs/protocol.md): the JSON messages as records, and their
 * mapping to the core's values. Times travel as RFC 3339 strings and are parsed here, so a bad one
 * is a coded failure. Unknown fields are ignored (fields are only ever added within v1).
 */
public final class Wire {
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Wire() {
    }

    public record EnrollRequest(String token, String csr, String version, String hostName, List<String> domains) {
        @Override
        public String toString() {
            return "EnrollRequest[token=(redacted), hostName=" + hostName + ", domains=" + domains + "]";
        }
    }

    public record EnrollResponse(String connectorId, String certificate, List<String> caChain, String notAfter,
            String renewAfter) {
    }

    public record LeaseRequest(int max, int waitSeconds, List<String> domains) {
    }

    public record LeaseResponse(List<WireLease> leases) {
    }

    public record WireLease(String requestId, long fencingToken, String expires, WireRequest request) {
    }

    /** Exactly one of {@code computerName} and {@code computerNamePrefix}. */
    public record WireRequest(String domain, String ou, String computerName, String computerNamePrefix,
            String deviceId) {
    }

    public record ExtendRequest(long fencingToken, int seconds) {
    }

    public record ExtendResponse(String expires) {
    }

    /** A result; {@code blob} is base64 of the NDR bytes and holds the machine password. */
    public record Result(long fencingToken, String outcome, String computerName, String dn, String sid, String dc,
            String blob, String code, String message, Boolean retryable) {
        @Override
        public String toString() {
            return "Result[" + outcome + ", token=" + fencingToken + ", " + (code != null ? code : computerName)
                    + (blob == null ? "" : ", blob=(redacted)") + "]";
        }
    }

    public record ResultResponse(boolean accepted) {
    }

    public record Status(String requestId, String state, boolean leasedToYou, Long fencingToken, String expires,
            String resultBy) {
    }

    public record Heartbeat(String version, List<String> domains, Map<String, List<String>> allowedOus, String health,
            List<String> codes, int inFlight, DiagnosticsSummary diagnostics) {
    }

    /** The last {@code odjc diagnose} run inside the service: worst verdict, the codes failing and warning, when. */
    public record DiagnosticsSummary(String worst, List<String> failing, List<String> warning, String checkedAt) {
    }

    public record HeartbeatResponse(String serverTime) {
    }

    public record ErrorBody(String error, String detail) {
    }

    /** A lease as the core sees it; every field validated, a bad one coded. */
    public static LeasedRequest leased(WireLease w) throws ConnectorException {
        if (w.request() == null) {
            throw bad("lease of " + w.requestId() + " carries no request");
        }
        RequestId id = RequestId.parse(w.requestId());
        WireRequest r = w.request();
        NameRequest name;
        if ((r.computerName() == null) == (r.computerNamePrefix() == null)) {
            throw bad("request " + id + " must carry exactly one of computerName and computerNamePrefix");
        } else if (r.computerName() != null) {
            name = new NameRequest.Exact(ComputerName.parse(r.computerName()));
        } else {
            name = NameRequest.Prefix.parse(r.computerNamePrefix());
        }
        if (w.fencingToken() < 1) {
            throw bad("request " + id + " has fencing token " + w.fencingToken());
        }
        if (r.deviceId() == null || r.deviceId().length() > 128) {
            throw bad("request " + id + " has no deviceId of at most 128 characters");
        }
        JoinRequest request = new JoinRequest(id, DomainDnsName.parse(r.domain()),
                r.ou() == null ? Optional.empty() : Optional.of(DistinguishedName.parse(r.ou())), name, r.deviceId());
        return new LeasedRequest(request, new Lease(id, w.fencingToken(), time(w.expires(), "expires")));
    }

    /** The message for a result; the blob is base64 in a String, which cannot be wiped: send it and drop it. */
    public static Result result(Lease lease, JoinResult result) {
        if (result instanceof JoinResult.Succeeded ok) {
            return new Result(lease.fencingToken(), "succeeded", ok.name().value(), ok.dn().toString(), ok.sid().toString(),
                    ok.dc(), Base64.getEncoder().encodeToString(ok.blob()), null, null, null);
        }
        JoinResult.Failed f = (JoinResult.Failed) result;
        return new Result(lease.fencingToken(), "failed", null, null, null, null, null, f.code().id(), f.message(),
                f.retryable());
    }

    /** What recovery needs from a status answer. */
    public static RemoteStatus remoteStatus(Status s, String connectorId) throws ConnectorException {
        RequestId id = RequestId.parse(s.requestId());
        switch (s.state() == null ? "" : s.state()) {
            case "leased":
                if (s.leasedToYou()) {
                    if (s.fencingToken() == null || s.fencingToken() < 1) {
                        throw bad("status of " + id + " says leased to us but names no fencing token");
                    }
                    return new RemoteStatus.LeasedToUs(new Lease(id, s.fencingToken(), time(s.expires(), "expires")));
                }
                return new RemoteStatus.NotOurs("leased to another connector");
            case "finished":
                return new RemoteStatus.Finished(connectorId.equals(s.resultBy()));
            case "queued":
                return new RemoteStatus.NotOurs("queued again: our lease expired");
            case "cancelled":
            case "expired":
                return new RemoteStatus.NotOurs(s.state());
            default:
                throw bad("status of " + id + " has unknown state '" + s.state() + "'");
        }
    }

    static Instant time(String text, String field) throws ConnectorException {
        try {
            return Instant.parse(text);
        } catch (NullPointerException | DateTimeParseException e) {
            throw bad(field + " '" + text + "' is not an RFC 3339 UTC time");
        }
    }

    private static ConnectorException bad(String detail) {
        return new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, detail);
    }
}
