package org.odjc.locator;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1StreamReader;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The "LDAP ping" (MS-ADTS 6.3.3): an LDAP search of the rootDSE over UDP 389 (CLDAP) with filter
 * {@code (&(DnsDomain=<domain>)(NtVer=\06\00\00\00))} for attribute {@code Netlogon}; the DC
 * answers with a SearchResultEntry holding its {@link NetlogonResponse} (and a SearchResultDone).
 * Thread-safe: every ping uses its own socket.
 */
public final class CldapPinger implements AdDcLocator.Pinger {
    static final int CLDAP_PORT = 389;
    /** NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX (MS-ADTS 6.3.1.1), as Samba sends. */
    static final byte[] NT_VERSION = {0x06, 0x00, 0x00, 0x00};
    private static final int MAX_DATAGRAM = 4096;

    private final Duration timeout;
    private final int attempts;

    public CldapPinger(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = attempts;
    }

    @Override
    public NetlogonResponse ping(InetAddress dc, String domain) throws ConnectorException {
        int messageId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        byte[] request = request(messageId, domain);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(dc, CLDAP_PORT));
            byte[] reply = new byte[MAX_DATAGRAM];
            ConnectorException malformed = null;
            for (int attempt = 0; attempt < attempts; attempt++) {
                socket.send(new DatagramPacket(request, request.length));
                long deadline = System.nanoTime() + timeout.toNanos();
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    DatagramPacket p = new DatagramPacket(reply, reply.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    try {
                        NetlogonResponse r = parseReply(reply, p.getLength(), messageId);
                        if (r != null) {
                            return r;
                        }
                    } catch (ConnectorException e) {
                        malformed = e; // keep listening: the DC's own reply may still come
                    }
                }
            }
            if (malformed != null) {
                throw malformed;
            }
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.DC_PING_UNANSWERED, dc.getHostAddress() + ": " + e.getMessage(), e);
        }
        throw new ConnectorException(FailureCode.DC_PING_UNANSWERED,
                dc.getHostAddress() + " gave no CLDAP answer in " + attempts + " x " + timeout.toMillis() + " ms (UDP 389)");
    }

    static byte[] request(int messageId, String domain) {
        Filter filter = Filter.createANDFilter(Filter.createEqualityFilter("DnsDomain", domain),
                Filter.createEqualityFilter("NtVer", NT_VERSION));
        SearchRequestProtocolOp op = new SearchRequestProtocolOp("", SearchScope.BASE, DereferencePolicy.NEVER, 0, 0,
                false, filter, List.of("Netlogon"));
        return new LDAPMessage(messageId, op).encode().encode();
    }

    /** The netlogon reply in a datagram answering {@code messageId}, or null for a stray datagram. */
    static NetlogonResponse parseReply(byte[] datagram, int length, int messageId) throws ConnectorException {
        try {
            // Read the first element whole, then decode it from memory: the SDK's streaming decoder
            // loops without end on a truncated attribute value set, and a spoofed datagram can be anything.
            ASN1Element first = new ASN1StreamReader(new ByteArrayInputStream(datagram, 0, length), MAX_DATAGRAM)
                    .readElement();
            if (first == null) {
                return null;
            }
            LDAPMessage m = LDAPMessage.decode(first);
            if (m.getMessageID() != messageId
                    || m.getProtocolOpType() != LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_RESULT_ENTRY) {
                return null;
            }
            for (Attribute a : m.getSearchResultEntryProtocolOp().getAttributes()) {
                if (a.getName().equalsIgnoreCase("Netlogon")) {
                    return NetlogonResponse.parse(a.getValueByteArray());
                }
            }
            throw new ConnectorException(FailureCode.DC_BAD_PING_REPLY, "the CLDAP reply has no Netlogon attribute");
        } catch (LDAPException | IOException e) {
            throw new ConnectorException(FailureCode.DC_BAD_PING_REPLY, "undecodable CLDAP reply: " + e.getMessage(), e);
        }
    }
}
