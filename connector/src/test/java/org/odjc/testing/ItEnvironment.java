package org.odjc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Where integration tests find the repository, tools and the Samba DC, and how they skip: without
 * what they need they are skipped with a printed reason, unless {@code -Dodjc.requireDc=true}
 * (set by {@code .ci/run}) makes every such skip a failure.
 */
public final class ItEnvironment {
    private ItEnvironment() {
    }

    public static boolean skipsFail() {
        return Boolean.getBoolean("odjc.requireDc");
    }

    /** Skips the test with {@code reason}, or fails it when skips are not allowed. */
    public static void skipOrFail(String reason) {
        if (skipsFail()) {
            fail(reason + " (odjc.requireDc=true: an integration test may not be skipped)");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    public static Path repoRoot() {
        String configured = System.getProperty("odjc.repoRoot");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/samba-dc"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + start);
    }

    /** Seven random {@code [A-Z0-9]}: names stay unique across runs against the same DC. */
    public static String randomSuffix() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Skips (or fails) unless {@code tool} is on the PATH. */
    public static void requireTool(String tool, String debianPackage) {
        ProcessResult r = Processes.run(List.of("sh", "-c", "command -v " + tool), Map.of(), null, Duration.ofSeconds(10));
        if (r.exit() != 0) {
            skipOrFail(tool + " is not installed (apt-get install " + debianPackage + ")");
        }
    }
}
