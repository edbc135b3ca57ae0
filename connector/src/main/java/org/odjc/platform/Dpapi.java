package org.odjc.platform;

import org.odjc.failure.ConnectorException;

/** DPAPI's two calls, behind an interface so the file handling around them is tested off Windows. */
public interface Dpapi {
    /** {@code CryptProtectData}: an opaque blob only this machine can open. */
    byte[] protect(byte[] plain) throws ConnectorException;

    /** {@code CryptUnprotectData}: the plain bytes; the caller wipes them. */
    byte[] unprotect(byte[] blob) throws ConnectorException;
}
