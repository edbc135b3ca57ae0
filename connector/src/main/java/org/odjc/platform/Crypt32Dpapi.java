package org.odjc.platform;

import com.sun.jna.platform.win32.Crypt32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinCrypt;
import java.nio.charset.StandardCharsets;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * DPAPI through jna-platform, in machine scope: the administrator who writes the secret (odjc
 * setup) and the service identity that reads it are different accounts, and a user-scope blob
 * opens only for its writer. Machine scope alone would let any local process open the blob, hence
 * the file's ACL ({@link WindowsAcl}). Not yet exercised on Windows (see the README).
 */
final class Crypt32Dpapi implements Dpapi {
    /** Mixed into every blob: another program's call without it cannot open ours. */
    private static final byte[] ENTROPY = "odjc secret at rest v1".getBytes(StandardCharsets.US_ASCII);
    private static final int FLAGS = WinCrypt.CRYPTPROTECT_LOCAL_MACHINE | WinCrypt.CRYPTPROTECT_UI_FORBIDDEN;

    @Override
    public byte[] protect(byte[] plain) throws ConnectorException {
        try {
            return Crypt32Util.cryptProtectData(plain, ENTROPY, FLAGS, "odjc", null);
        } catch (Win32Exception e) {
            throw new ConnectorException(FailureCode.SECRET_UNWRITABLE, "CryptProtectData: win32 error " + e.getErrorCode());
        }
    }

    @Override
    public byte[] unprotect(byte[] blob) throws ConnectorException {
        try {
            return Crypt32Util.cryptUnprotectData(blob, ENTROPY, FLAGS, null);
        } catch (Win32Exception e) {
            throw new ConnectorException(FailureCode.SECRET_UNREADABLE, "CryptUnprotectData: win32 error " + e.getErrorCode());
        }
    }
}
