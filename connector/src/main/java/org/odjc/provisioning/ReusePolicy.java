package org.odjc.provisioning;

/** What to do when an account with the requested name exists (djoin's /REUSE, and Windows' 2022 hardening). */
public enum ReusePolicy {
    /** Refuse: {@code NERR_UserExists}. */
    NEVER,
    /** Reset its password only if this identity created or owns it ({@code 0xAAC} otherwise). */
    OWN,
    /** Reset its password whoever created it (the admin's explicit override). */
    ANY
}
