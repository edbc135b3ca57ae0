package org.odjc.failure;

import static org.odjc.failure.Disposition.FAIL_REQUEST;
import static org.odjc.failure.Disposition.HALT;
import static org.odjc.failure.Disposition.LATCH;
import static org.odjc.failure.Disposition.RETRY;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every failure an admin can see. Ids are permanent: a code is never renumbered or reused,
 * only deprecated. Each has a row in {@code docs/errors.md} (a test keeps the two in step).
 *
 * <p>Dispositions, decided code by code (issue #13; see {@link Disposition}):
 * <ul>
 * <li>rights are granted per OU, so missing ones fail the request, not the service: {@code AD-001}
 *     (the quota binds only where Create Computer objects is missing) and {@code AD-002} are
 *     {@code FAIL_REQUEST}, reported not retryable;</li>
 * <li>a domain's credentials ({@code AD-007}, {@code AD-008}, {@code AD-009}, {@code AD-017},
 *     {@code DIAG-010}), trust ({@code AD-011}, {@code AD-012}), clock ({@code AD-010}) and DCs or
 *     DNS ({@code DC-002}, {@code DC-007}, {@code DC-008}, {@code DC-009}) are {@code HALT}: the fix
 *     happens outside the connector (a new password file, a synchronised clock, a DNS record) and a
 *     retry on a timer notices it by itself; one bind a minute per domain, no more than the readiness
 *     probe already makes, so a wrong password does not hasten a lockout;</li>
 * <li>only {@code PROV-009} is {@code LATCH}: an admin must delete the account left behind by hand,
 *     and every retry could leave another, so the domain waits for {@code odjc halt clear};</li>
 * <li>codes about the connector itself ({@code CLOUD-004/005/006/007}, {@code JOURNAL-*},
 *     {@code CONFIG-*}, {@code SECRET-*}, {@code CLI-001}, …) keep {@code HALT}: the service cannot
 *     start, or pauses all its work for a back-off, since no domain would fare better.</li>
 * </ul>
 */
public enum FailureCode {
    // ODJ: the offline-domain-join blob and its encodings
    ODJ_UNRECOGNIZED_FORMAT("ODJ-001", FAIL_REQUEST,
            "Input is not an offline-domain-join blob",
            "Pass a djoin file (as written by djoin /savefile), the base64 text of /printblob, or raw NDR bytes."),
    ODJ_TRUNCATED("ODJ-002", FAIL_REQUEST,
            "Blob ends early",
            "The blob was cut short in transit or on disk; provision it again or copy the complete file."),
    ODJ_BAD_SERIALIZATION_HEADER("ODJ-003", FAIL_REQUEST,
            "Bad MS-RPCE type-serialization header",
            "The blob is corrupt or not an ODJ blob; provision it again."),
    ODJ_SIZE_OUT_OF_BOUNDS("ODJ-004", FAIL_REQUEST,
            "Count or size in the blob is out of bounds",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_LENGTH_MISMATCH("ODJ-005", FAIL_REQUEST,
            "Nested lengths in the blob disagree",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_MALFORMED_STRING("ODJ-006", FAIL_REQUEST,
            "Malformed string in the blob",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_UNSUPPORTED_VERSION("ODJ-007", FAIL_REQUEST,
            "Unsupported ODJ_PROVISION_DATA version",
            "Only version 1 exists (Windows and Samba reject others with NERR_ProvisioningBlobUnsupported); provision it again."),
    ODJ_ENCRYPTED_PACKAGE("ODJ-008", FAIL_REQUEST,
            "Encrypted OP_PACKAGE is not supported",
            "Provision the blob without package encryption (djoin /provision and NetProvisionComputerAccount never encrypt)."),
    ODJ_MISSING_DATA("ODJ-009", FAIL_REQUEST,
            "Blob lacks data it must carry",
            "The blob is incomplete; provision it again with a tool that writes both blobs and the JOIN_PROVIDER3 part."),
    ODJ_BAD_BASE64("ODJ-010", FAIL_REQUEST,
            "Blob text is not valid base64",
            "Copy the blob text again without changes; line breaks are allowed, other characters are not."),
    ODJ_INPUT_TOO_LARGE("ODJ-011", FAIL_REQUEST,
            "Input is too large to be an ODJ blob",
            "ODJ blobs are a few kilobytes (at most 16 MiB with certificates); check that the right file was given."),
    ODJ_BAD_SID("ODJ-012", FAIL_REQUEST,
            "Malformed SID in the blob",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_UNENCODABLE("ODJ-013", FAIL_REQUEST,
            "Value cannot be encoded in an ODJ blob",
            "A name or string is longer than the blob format allows; shorten it."),

    // INPUT: values given on the command line, in configuration or in a request
    INPUT_BAD_SID("INPUT-001", FAIL_REQUEST,
            "Invalid SID",
            "Give the SID in string form, e.g. S-1-5-21-4179786682-758193429-3305259385 (read it with: Get-ADDomain or ldapsearch objectSid)."),
    INPUT_BAD_GUID("INPUT-002", FAIL_REQUEST,
            "Invalid GUID",
            "Give the GUID in 8-4-4-4-12 form, e.g. 92de6c92-077f-45ef-a18a-0fc4a44f636f (braces allowed)."),
    INPUT_BAD_DNS_NAME("INPUT-003", FAIL_REQUEST,
            "Invalid DNS name",
            "Use dot-separated labels of 1-63 letters, digits, '-' or '_' (253 characters at most), e.g. corp.example.com."),
    INPUT_BAD_NETBIOS_DOMAIN("INPUT-004", FAIL_REQUEST,
            "Invalid NetBIOS domain name",
            "Use the domain's pre-Windows 2000 name: 1-15 characters, none of \\ / : * ? \" < > | and not starting with '.'."),
    INPUT_BAD_COMPUTER_NAME("INPUT-005", FAIL_REQUEST,
            "Invalid computer name",
            "Use 1-15 letters, digits and '-', not all digits, not starting or ending with '-'."),
    INPUT_BAD_PASSWORD("INPUT-006", FAIL_REQUEST,
            "Invalid machine password",
            "The password file must be UTF-8 text of 1-256 characters without NUL, with at most one trailing newline."),
    INPUT_BAD_NUMBER("INPUT-007", FAIL_REQUEST,
            "Invalid number",
            "Give a decimal number, or hexadecimal with a 0x prefix, in the range the option documents."),
    INPUT_BAD_ADDRESS("INPUT-008", FAIL_REQUEST,
            "Invalid DC address",
            "Give the DC's IPv4 or IPv6 address without the leading backslashes (they are added)."),
    INPUT_BAD_SITE_NAME("INPUT-009", FAIL_REQUEST,
            "Invalid site name",
            "Use the AD site name as shown in Active Directory Sites and Services: 1-63 characters, no dots or spaces."),
    INPUT_BAD_CERTIFICATE("INPUT-010", FAIL_REQUEST,
            "Invalid certificate",
            "Give PEM or DER X.509 CA certificates (e.g. exported with certutil -ca.cert)."),
    INPUT_BAD_DN("INPUT-011", FAIL_REQUEST,
            "Invalid distinguished name",
            "Give the OU as an LDAP distinguished name, e.g. OU=Autopilot,DC=corp,DC=example,DC=com (copy it from the OU's distinguishedName attribute)."),
    INPUT_BAD_PREFIX("INPUT-012", FAIL_REQUEST,
            "Invalid computer-name prefix",
            "Use 1-12 letters, digits and '-', not starting with '-', so that at least 3 random characters complete the 15-character name."),
    INPUT_BAD_REQUEST_ID("INPUT-013", FAIL_REQUEST,
            "Invalid request id",
            "Request ids are 1-64 letters, digits, '.', '_' or '-'; the dispatcher (or MDM) that sent it must use such ids."),
    INPUT_BAD_DURATION("INPUT-014", FAIL_REQUEST,
            "Invalid duration",
            "Give a whole number and a unit: 45m, 12h or 30d (off where a schedule may be switched off), within the range the option or key documents."),

    // PROV: provisioning a computer account
    PROV_OU_NOT_ALLOWED("PROV-001", FAIL_REQUEST,
            "OU is not in the allow-list",
            "Use an OU the configuration allows, or add it (odjc ou add, or the ous: list of the configuration); nothing was written."),
    PROV_NO_SUCH_OU("PROV-002", FAIL_REQUEST,
            "OU does not exist",
            "Check the OU's distinguished name (Get-ADOrganizationalUnit, or ldapsearch) and create it or fix the request; nothing was written."),
    PROV_ACCOUNT_EXISTS("PROV-003", FAIL_REQUEST,
            "Computer account already exists",
            "Choose another name, delete the stale account, or allow reuse (--reuse: the password of an account this identity created is reset, as djoin /reuse does)."),
    PROV_REUSE_BLOCKED("PROV-004", FAIL_REQUEST,
            "Reuse refused: the account was created by someone else",
            "Windows' 2022 hardening (error 0xAAC) allows reusing only accounts the joining identity created or owns. Delete the old account, have its owner reuse it, or override with --reuse --force."),
    PROV_EXISTS_ELSEWHERE("PROV-005", FAIL_REQUEST,
            "Computer account exists in another OU",
            "Reuse resets the password where the account is; omit --ou to reuse it there, move it first, or delete it."),
    PROV_NAME_TAKEN_IN_OU("PROV-006", FAIL_REQUEST,
            "Name is used by another object",
            "Another object (not this computer account) has the name in the OU or the domain; choose another name."),
    PROV_NO_FREE_NAME("PROV-007", FAIL_REQUEST,
            "No free computer name for the prefix",
            "Every name drawn was taken: use a shorter prefix (more random characters) or clean up stale accounts (odjc cleanup)."),
    PROV_UNEXPECTED_SID("PROV-008", FAIL_REQUEST,
            "New account has a SID outside the domain",
            "The DC returned a SID that is not the domain SID plus a RID; check the DC's health (dcdiag). The account was deleted again."),
    // LATCH: retrying on a timer would leave more accounts behind; an admin deletes it, then odjc halt clear
    PROV_ORPHAN_LEFT("PROV-009", LATCH,
            "A half-made computer account could not be deleted",
            "A step after the LDAP add failed and deleting the account failed too: delete the account named in the message by hand (Remove-ADComputer, or ldapdelete), check the DC, then resume the domain with odjc halt clear --domain <domain> (it takes no work until then)."),
    PROV_DOMAIN_NOT_SERVED("PROV-010", FAIL_REQUEST,
            "Domain is not served by this connector",
            "The request names a domain the configuration does not list; route it to a connector of that domain, or add the domain (domains: in the configuration). Nothing was written."),

    // DC: locating and reaching domain controllers
    DC_NONE_USABLE("DC-001", RETRY,
            "No domain controller could be used",
            "Every DC found was unreachable or refused the connection; check network paths to ports 389/636/88 and the DCs' health; the request will be retried."),
    DC_WRONG_DOMAIN("DC-002", HALT,
            "Domain controller serves another domain",
            "The DC given or found belongs to another domain; fix --dc or the DNS records."),
    DC_PING_UNANSWERED("DC-003", RETRY,
            "Domain controller did not answer the LDAP ping (CLDAP, UDP 389)",
            "Check that UDP 389 from this host to the DC is open (firewalls often pass TCP 389 but not UDP) and that the DC is up."),
    DC_BAD_PING_REPLY("DC-004", RETRY,
            "Domain controller sent a malformed LDAP ping reply",
            "The CLDAP reply was not a NETLOGON_SAM_LOGON_RESPONSE_EX; check that the address is a DC of the domain."),
    DC_DNS_UNREACHABLE("DC-005", RETRY,
            "DNS server did not answer",
            "Check that this host reaches its DNS servers (or those given with --dns-server / dnsServers) on port 53; AD DC location needs the domain's DNS."),
    DC_DNS_FAILED("DC-006", RETRY,
            "DNS look-up failed",
            "The DNS server refused or could not answer the query named in the detail (SERVFAIL, REFUSED, malformed answer); check it with nslookup -type=SRV."),
    DC_NOT_IN_DNS("DC-007", HALT,
            "DNS knows no domain controller for the domain",
            "The SRV record _ldap._tcp.dc._msdcs.<domain> is missing: use the AD-integrated DNS servers (--dns-server / dnsServers), check the domain name, or restart Netlogon on a DC to re-register its records (dcdiag /test:dns)."),
    DC_NAME_UNRESOLVED("DC-008", HALT,
            "Domain controller name does not resolve",
            "The DC named (by --dc, the configuration or an SRV record) has no A/AAAA record on the DNS servers used; fix the record or the DNS server setting."),
    DC_NOT_WRITABLE("DC-009", HALT,
            "Only read-only domain controllers answered",
            "Computer accounts can only be created on a writable DC: make one reachable from this host (TCP 389/636/88, UDP 389) or name one with --dc."),

    // AD: what the directory answered (AdResultClassifier)
    // FAIL_REQUEST, like AD-002: the quota binds only where the identity lacks Create Computer
    // objects, i.e. in this OU; OUs with the right still work, and retrying here cannot succeed
    AD_QUOTA_EXCEEDED("AD-001", FAIL_REQUEST,
            "Computer-account quota exceeded (0x216D)",
            "The bind identity may only create ms-DS-MachineAccountQuota (default 10) computers because it lacks 'Create Computer objects' on the OU: delegate it (odjc delegate --ou DN --account NAME --apply, or the Delegation of Control wizard)."),
    // FAIL_REQUEST: rights are granted per OU, so one OU without them must not stop the others; the
    // request is reported failed, not retryable (a retry would fail the same way, issue #13)
    AD_INSUFFICIENT_ACCESS("AD-002", FAIL_REQUEST,
            "Insufficient access rights",
            "Delegate to the bind identity, on the OU named in the detail, Create/Delete Computer objects and Reset Password, Validated write to DNS host name and SPN, Read/write Account Restrictions on computer objects: odjc delegate --ou <DN> --account <identity> --apply (odjc diagnose shows what is missing). The service reports such a request failed, not retryable, and goes on with its other OUs: submit it again once delegated."),
    AD_CONSTRAINT_VIOLATION("AD-003", FAIL_REQUEST,
            "Directory refused a value (constraint violation)",
            "An attribute broke a directory rule (password policy, value length or format); the detail names it. Check fine-grained password policies that apply to computer accounts."),
    AD_NO_SUCH_OBJECT("AD-004", FAIL_REQUEST,
            "Object not found",
            "The OU or account named in the detail does not exist on this DC (deleted, or not yet replicated); check the DN."),
    AD_ALREADY_EXISTS("AD-005", FAIL_REQUEST,
            "Object already exists",
            "An object with this name or sAMAccountName appeared meanwhile (another connector, replication); the request can be retried with another name."),
    AD_DC_UNREACHABLE("AD-006", RETRY,
            "Domain controller unreachable or busy",
            "The DC did not answer in time, refused the connection or reported itself busy; check the network path to ports 389/636/88 and the DC's health. The request will be retried."),
    AD_BIND_INVALID("AD-007", HALT,
            "Bind rejected: wrong user name or password (data 52e)",
            "Check the bind UPN and the password in the configured file or environment variable (or the keytab for Kerberos)."),
    AD_BIND_PASSWORD_EXPIRED("AD-008", HALT,
            "Bind rejected: the bind account's password expired or must be changed (data 532/773)",
            "Set a new password for the service account (or use a gMSA/keytab) and update the secret the connector reads."),
    AD_BIND_ACCOUNT_RESTRICTED("AD-009", HALT,
            "Bind rejected: the bind account is disabled, locked out, expired or restricted (data 533/775/701/530/531)",
            "Enable or unlock the service account in AD, extend its expiry, or lift its logon-hours/workstation restrictions."),
    AD_KERBEROS_CLOCK_SKEW("AD-010", HALT,
            "Kerberos refused: clock skew too great",
            "This host's clock differs from the DC's by more than 5 minutes: synchronise it (chrony/w32time against the DCs)."),
    AD_ENCRYPTION_REQUIRED("AD-011", HALT,
            "Directory requires an encrypted or signed connection",
            "Use bind mode ldaps, starttls or kerberos; AD accepts passwords (and unicodePwd) only over an encrypted or sealed connection."),
    AD_TLS_UNTRUSTED("AD-012", HALT,
            "DC certificate not trusted",
            "The DC's certificate did not verify (unknown CA, expired, or not issued to the DC's name): give the issuing CA with caFile/--ca-file, or fix the DC certificate. Never leave insecure-skip-tls-verify on in production."),
    AD_UNWILLING("AD-013", FAIL_REQUEST,
            "Directory is unwilling to perform the operation",
            "The DC refused the operation (detail has its reason); check domain policies and the object named."),
    AD_UNEXPECTED("AD-014", FAIL_REQUEST,
            "Unexpected directory error",
            "The detail has the LDAP result code and the DC's diagnostic text; check the DC's event log for the same time."),
    AD_KERBEROS_KDC_UNREACHABLE("AD-015", RETRY,
            "Kerberos: no KDC answered",
            "Check that the DCs' port 88 is reachable and the realm's KDCs are in krb5.conf (or found by DNS); the request will be retried."),
    AD_KERBEROS_CREDENTIALS("AD-016", HALT,
            "Kerberos: the keytab does not work for the principal",
            "The keytab lacks a current key for the principal (wrong principal, stale key version after a password change, or unsupported encryption type): export a new keytab."),
    AD_SECRET_UNREADABLE("AD-017", HALT,
            "Bind secret cannot be read",
            "The bind password file or environment variable, or the keytab, is missing, empty or unreadable by the service account; fix the reference in the configuration."),
    AD_SPN_CONFLICT("AD-019", FAIL_REQUEST,
            "Service principal name already in use",
            "Another object already holds HOST/<name> (SPNs are unique in the forest): find it with setspn -Q HOST/<name>, remove the stale SPN or choose another name."),
    AD_MALFORMED_VALUE("AD-018", FAIL_REQUEST,
            "Directory returned a malformed value",
            "An attribute (SID, GUID, security descriptor) did not have its documented form; check the DC's health."),

    // CLOUD: the dispatch service
    CLOUD_LEASE_LOST("CLOUD-001", FAIL_REQUEST,
            "Lease on the request lost",
            "The dispatcher gave the request to another connector (the lease expired or was revoked); the account made for it was deleted. Nothing to do unless it happens often: then raise the lease time or find what slows this connector."),
    CLOUD_UNREACHABLE("CLOUD-002", RETRY,
            "Dispatcher unreachable or its answer unknown",
            "Check the network path and proxy to the dispatcher URL (odjc diagnose); the connector keeps the request and settles it with the dispatcher when it answers again."),
    CLOUD_BAD_MESSAGE("CLOUD-003", FAIL_REQUEST,
            "A message broke the dispatch protocol",
            "A field was missing, malformed or contradictory in a message from the dispatcher, or the dispatcher refused one of ours as such (the detail says which and names the field): both sides must speak protocol v1 (docs/protocol.md); compare their versions. Nothing was written."),
    CLOUD_REFUSED("CLOUD-004", HALT,
            "Dispatcher refused this connector's identity",
            "The client certificate is unknown, revoked or expired, or the connector asked for something it may not (HTTP 401/403): check the certificate's expiry (odjc diagnose) and enroll again with a new token if it was revoked."),
    CLOUD_IDENTITY_UNUSABLE("CLOUD-005", HALT,
            "Enrolled identity missing or unusable",
            "The identity directory must hold connector-id, client.pem, client.key (PKCS#8, readable by the service account only) and ca.pem as enrollment wrote them: restore them, or enroll again with a new token."),
    CLOUD_ENROLLMENT_REFUSED("CLOUD-006", HALT,
            "Enrollment refused",
            "The token is unknown, used or expired (each works once, for a limited time), or the connector id is already enrolled: create a new token on the dispatcher (odjc-dispatcher token) and run odjc enroll again. Nothing was written to the identity directory."),
    CLOUD_CA_MISMATCH("CLOUD-007", HALT,
            "Dispatcher's certificate does not chain to the pinned CA",
            "The dispatcher presented no certificate with the CA fingerprint given to odjc enroll (or not signed by the CA file given): check the URL (a TLS-inspecting proxy in between shows up as this) and copy the fingerprint again from odjc-dispatcher token."),
    CLOUD_RENEWAL_FAILED("CLOUD-008", RETRY,
            "Client certificate renewal failed",
            "The connector could not renew its certificate and keeps using the current one; it retries every hour. If the certificate expires first the dispatcher refuses the connector (CLOUD-004): check the dispatcher's reachability, or enroll again with a new token."),

    // DIAG: what odjc diagnose finds before a request fails
    DIAG_NO_KERBEROS_RECORDS("DIAG-001", FAIL_REQUEST,
            "DNS has no Kerberos SRV records for the domain",
            "_kerberos._tcp.<domain> is missing on the DNS servers used: devices and Kerberos binds cannot find a KDC. Use the AD-integrated DNS servers, or re-register the DC's records (restart Netlogon; dcdiag /test:dns)."),
    DIAG_NO_PDC_RECORD("DIAG-002", FAIL_REQUEST,
            "DNS has no PDC record for the domain",
            "_ldap._tcp.pdc._msdcs.<domain> is missing: the PDC emulator's Netlogon did not register it. Check the PDC's DNS registration (dcdiag /test:dns /dnsrecordregistration)."),
    DIAG_PORT_CLOSED("DIAG-003", FAIL_REQUEST,
            "A domain controller port does not answer",
            "The DC does not accept TCP connections on the named port (389 LDAP, 636 LDAPS, 88 Kerberos, 464 kpasswd): open it in the firewalls between this host and the DC, or check the DC's services (LDAPS needs a DC certificate)."),
    DIAG_CERTIFICATE_EXPIRING("DIAG-004", FAIL_REQUEST,
            "A certificate expires soon",
            "The DC's LDAPS certificate or the connector's client certificate expires within 14 days: renew the DC certificate through its CA (autoenrollment), or check why the connector's automatic renewal fails (CLOUD-008 in its log)."),
    DIAG_CLOCK_DRIFT("DIAG-005", FAIL_REQUEST,
            "This host's clock drifts from the DC's",
            "The clocks differ by more than 2 minutes; Kerberos fails above 5. Synchronise this host with the domain's time hierarchy (chrony or w32time against the DCs)."),
    DIAG_DISK_LOW("DIAG-006", FAIL_REQUEST,
            "Little free disk space for the state directory",
            "The journal needs room to grow: free space on the state directory's file system (under 100 MB fails, under 1 GB warns)."),
    DIAG_OU_RIGHT_MISSING("DIAG-008", FAIL_REQUEST,
            "The connector's identity lacks a right on an allow-listed OU",
            "Without Create/Delete Computer objects on the OU, every join there fails (or, for a non-admin, counts against ms-DS-MachineAccountQuota); without Reset password, validated writes and Account Restrictions on the computers it creates, recovery and reuse fail. Delegate them on the OU to the connector's account (odjc delegate --ou OU --account ACCOUNT --apply as a domain admin, or dsacls, or the Delegation of Control wizard), then run odjc diagnose again."),
    DIAG_QUOTA_LOW("DIAG-009", FAIL_REQUEST,
            "Few joins left under ms-DS-MachineAccountQuota",
            "The identity has no Create Computer objects on the OU, so each join uses one of the domain's ms-DS-MachineAccountQuota accounts (10 by default) and they run out: delegate the right on the OU (odjc delegate --apply), which lifts the limit."),
    DIAG_KEYTAB_STALE("DIAG-010", HALT,
            "Keytab's key version is stale",
            "The account's password changed after the keytab was made (msDS-KeyVersionNumber moved on), so the KDC refuses its keys: export a new keytab (ktpass, or samba-tool domain exportkeytab), or for a gMSA let the connector fetch the current key."),
    DIAG_KEYTAB_WEAK("DIAG-011", FAIL_REQUEST,
            "Keytab holds only RC4 or DES keys",
            "Current Windows DCs refuse RC4 and DES unless re-enabled: give the account AES keys (msDS-SupportedEncryptionTypes 0x18, then a new password) and export the keytab again with AES256/AES128."),
    DIAG_PROXY_UNREACHABLE("DIAG-012", FAIL_REQUEST,
            "The proxy for the dispatcher does not answer",
            "The proxy that service.proxy names, or that the WPAD/PAC script chose for the dispatcher, accepts no TCP connection from this host: fix its address (or the PAC script), open the path to it, or set proxy: direct if the dispatcher is reachable without one."),
    DIAG_WPAD_NOT_FOUND("DIAG-013", FAIL_REQUEST,
            "WPAD is not published in DNS",
            "service.proxy is wpad but no wpad.<domain> name resolves, so the connector goes direct. Windows DNS servers refuse to answer for 'wpad' while it is on their global query block list (dnscmd /info /globalqueryblocklist): publish the PAC host under the name and remove wpad from the list (dnscmd /config /globalqueryblocklist isatap), or set service.proxy to the proxy's http://host:port."),
    DIAG_PAC_FETCH_FAILED("DIAG-014", FAIL_REQUEST,
            "The PAC file cannot be fetched",
            "wpad.<domain> resolves but http://wpad.<domain>/wpad.dat did not answer 200 with a file under 1 MiB (no redirects are followed): check the web server behind the wpad name and that it serves wpad.dat, or set service.proxy to the proxy's http://host:port."),
    DIAG_PAC_INVALID("DIAG-015", FAIL_REQUEST,
            "The PAC script fails",
            "The WPAD script is not JavaScript, has no FindProxyForURL, throws, or exceeds the sandbox's limits (3 s, 64 MiB, 50 million instructions): the connector goes direct. Fix the script (test it with odjc diagnose --only proxy), or set service.proxy to the proxy's http://host:port."),
    DIAG_STATE_UNWRITABLE("DIAG-007", HALT,
            "State directory cannot be written",
            "The service account must own the state directory (0700) and be able to create files in it; fix its owner and permissions or the stateDirectory setting."),

    // JOURNAL: the connector's request journal
    JOURNAL_UNAVAILABLE("JOURNAL-001", HALT,
            "Request journal cannot be opened or written",
            "Check that the state directory exists, the service account may write it and the disk is not full; the connector takes no work without its journal, since it could not recover after a crash."),
    JOURNAL_TOO_NEW("JOURNAL-002", HALT,
            "Request journal was written by a newer version",
            "This build cannot read the journal's schema: run the newer version again (a downgrade never rewrites the journal), or restore the journal's backup."),
    JOURNAL_NO_SUCH_REQUEST("JOURNAL-003", FAIL_REQUEST,
            "No such request in the journal",
            "Check the request id (odjc requests lists those the journal holds, newest first): this connector never took the request on, or it closed longer ago than service.journalRetention (default 90d) and was pruned."),

    // CLEANUP: odjc cleanup and the service's scheduled cleanup of never-used accounts
    CLEANUP_INCOMPLETE("CLEANUP-001", FAIL_REQUEST,
            "Cleanup left some accounts unchanged",
            "Each account listed with a code was not disabled or deleted: fix that code (often AD-002: the bind lacks the right to write userAccountControl or delete computer objects in the OU; odjc delegate adds them) and run cleanup again; nothing else was affected."),

    // CONFIG: the connector's configuration file
    CONFIG_INVALID("CONFIG-001", HALT,
            "Configuration is invalid",
            "Fix every problem listed (each names its key path and line); the service does not start with an invalid configuration, and a reload keeps the last good one."),
    CONFIG_UNREADABLE("CONFIG-002", HALT,
            "Configuration file cannot be read",
            "Check the path given with --config and that the service account may read it."),
    CONFIG_EDIT_REFUSED("CONFIG-003", FAIL_REQUEST,
            "The configuration change was refused",
            "odjc ou add/remove/default and odjc setup change nothing when the result would not be a valid configuration (the detail names why: the OU is listed already or not at all, it is the default OU (set another with odjc ou default first), it is the last one, or the list is written in a form they do not edit): fix the file by hand, or change the command."),

    // SYSTEMD: the link to the Linux service manager
    SYSTEMD_NOTIFY_INVALID("SYSTEMD-001", HALT,
            "The service manager's notification settings are malformed",
            "NOTIFY_SOCKET must be an absolute path or an @abstract name of at most 107 bytes, WATCHDOG_USEC a positive number and WATCHDOG_PID a process id: start the service through its systemd unit (systemctl start odjc) rather than setting them by hand, and do not override them in the unit."),

    // FILE: files the CLI reads and writes
    FILE_UNREADABLE("FILE-001", FAIL_REQUEST,
            "Cannot read file",
            "Check the path and that this user may read it."),
    FILE_UNWRITABLE("FILE-002", FAIL_REQUEST,
            "Cannot write file",
            "Check that the directory exists, this user may write there and the disk is not full."),
    FILE_EXISTS("FILE-003", FAIL_REQUEST,
            "File already exists",
            "Choose another path or remove the old file; blob files are never overwritten because they hold a live password."),

    // ADMIN: the local admin endpoint (health, readiness, metrics, status page)
    ADMIN_UNAVAILABLE("ADMIN-001", HALT,
            "Admin endpoint cannot listen on its address",
            "Another program holds the port, or the address is not this host's: choose another service.admin address (the connector keeps working without the endpoint, but health checks and monitoring cannot reach it)."),
    ADMIN_NOT_CHECKED_YET("ADMIN-002", RETRY,
            "Not ready yet: a readiness check has not finished its first run",
            "Wait for the first check (DC reachability and the dispatcher's first answer take a few seconds after start); if it stays, look at the service log for the check's own code."),
    // SECRET: secrets at rest (DPAPI files on Windows, owner-only files on Linux)
    SECRET_UNREADABLE("SECRET-001", HALT,
            "Protected secret cannot be read",
            "The secret file is missing, not readable by the service identity, not a protected secret, or (Windows) was protected on another machine, whose DPAPI key does not travel: write it again on this machine, as an administrator (odjc setup)."),
    SECRET_EXPOSED("SECRET-002", HALT,
            "Secret file is readable by others",
            "The file must be readable by the service user alone: chmod 600 it and chown it to the service user, or write it again with odjc setup."),
    SECRET_UNWRITABLE("SECRET-003", FAIL_REQUEST,
            "Protected secret cannot be written",
            "Run as an administrator (root on Linux), check that the directory exists and the disk is not full, and that the service identity exists (its name is given to the file's ACL or owner)."),

    // CLI: the program itself
    CLI_INTERNAL("CLI-001", HALT,
            "Internal error",
            "Run again with --debug and report the stack trace; this is a bug."),
    CLI_USAGE("CLI-002", FAIL_REQUEST,
            "Usage error",
            "Run the command with --help to see its options.");

    private final String id;
    private final Disposition disposition;
    private final String summary;
    private final String remedy;

    FailureCode(String id, Disposition disposition, String summary, String remedy) {
        this.id = id;
        this.disposition = disposition;
        this.summary = summary;
        this.remedy = remedy;
    }

    /** The permanent id, {@code AREA-NNN}. */
    public String id() {
        return id;
    }

    public Disposition disposition() {
        return disposition;
    }

    /** One line, no trailing period, safe to show anyone. */
    public String summary() {
        return summary;
    }

    /** What an admin should do about it. */
    public String remedy() {
        return remedy;
    }

    public static Optional<FailureCode> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
