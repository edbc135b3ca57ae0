package org.odjc.testing;

/** What a finished process printed and returned. */
public record ProcessResult(int exit, String out, String err) {
    public String both() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
