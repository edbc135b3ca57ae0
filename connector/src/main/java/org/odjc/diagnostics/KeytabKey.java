package org.odjc.diagnostics;

/**
 * One key of a keytab, without the key: whose ({@code name@REALM}), which version, which
 * encryption type (RFC 3961 numbers: 17/18 AES, 23 RC4, 1/3 DES).
 */
public record KeytabKey(String principal, int kvno, int enctype) {
    /** RC4 and DES: refused by current Windows DCs unless re-enabled, and weak. */
    public boolean weak() {
        return enctype == 23 || enctype == 24 || enctype == 1 || enctype == 3;
    }
}
