package org.odjc.diagnostics;

/** A check's verdict, in rising severity: the report's worst decides the exit code. */
public enum Status {
    PASS, SKIP, WARN, FAIL
}
