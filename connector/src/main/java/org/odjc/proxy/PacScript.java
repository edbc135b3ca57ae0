package org.odjc.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A PAC script, compiled once and evaluated in a sandbox for each URL. The script is untrusted
 * (whoever can answer for {@code wpad.<domain>} writes it), so it runs in Rhino's interpreter with
 * only ECMAScript's standard objects (no {@code Packages}, {@code java} or class access: the class
 * shutter refuses every Java class), the PAC helpers of {@code pac-helpers.js}, and limits checked
 * between instructions, also inside regular expressions: a wall-clock deadline, an instruction
 * count and an allocation budget, plus a bounded stack. One native call can overshoot the
 * allocation budget before the next check stops it (it cannot exceed the heap: that ends as an
 * {@link OutOfMemoryError}, caught here). Thread-safe: each evaluation has its own scope.
 */
public final class PacScript {
    /** Larger than any real PAC file (big enterprise ones are tens of KiB). */
    public static final int MAX_SOURCE_CHARS = 1 << 20;
    static final Duration DEADLINE = Duration.ofSeconds(3);
    static final long MAX_INSTRUCTIONS = 50_000_000;
    static final long MAX_ALLOCATED_BYTES = 64L << 20;
    static final int MAX_LOOKUPS = 32;

    /** Host-name look-ups for {@code dnsResolve} and friends. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws ConnectorException;
    }

    private static final SandboxFactory FACTORY = new SandboxFactory();
    private static final Script HELPERS = compileHelpers();

    private final Script script;
    private final String origin;

    private PacScript(Script script, String origin) {
        this.script = script;
        this.origin = origin;
    }

    /**
     * Compiles {@code source}; nothing of it runs yet.
     *
     * @param origin where it came from, for messages (a URL)
     * @throws ConnectorException DIAG_PAC_INVALID: too long or not JavaScript
     */
    public static PacScript compile(String source, String origin) throws ConnectorException {
        if (source.length() > MAX_SOURCE_CHARS) {
            throw new ConnectorException(FailureCode.DIAG_PAC_INVALID, origin + " is " + source.length()
                    + " characters, more than the " + MAX_SOURCE_CHARS + " a PAC file may have");
        }
        Context cx = FACTORY.enterContext();
        try {
            return new PacScript(cx.compileString(source, origin, 1, null), origin);
        } catch (RhinoException e) {
            throw new ConnectorException(FailureCode.DIAG_PAC_INVALID, origin + ": not valid JavaScript: "
                    + oneLine(e.details()) + " (line " + e.lineNumber() + ")");
        } finally {
            Context.exit();
        }
    }

    /**
     * {@code FindProxyForURL(url, host)} for {@code target}; as browsers do for HTTPS, the script
     * sees only scheme, host and port, never a path.
     *
     * @param myAddress what {@code myIpAddress()} answers: the local address towards the network
     * @return what the script returned (parse it with {@link PacDirective#parseAll})
     * @throws ConnectorException DIAG_PAC_INVALID: no {@code FindProxyForURL}, a script error, or a limit reached
     */
    public String findProxyForUrl(URI target, Resolver resolver, InetAddress myAddress, Clock clock)
            throws ConnectorException {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        String url = target.getScheme().toLowerCase(Locale.ROOT) + "://" + (host.contains(":") ? "[" + host + "]" : host)
                + (target.getPort() > 0 ? ":" + target.getPort() : "") + "/";
        Context cx = FACTORY.enterContext();
        Budget budget = new Budget(System.nanoTime() + DEADLINE.toNanos(), allocatedBytes());
        cx.putThreadLocal(Budget.class, budget);
        try {
            ScriptableObject scope = cx.initSafeStandardObjects(null, true);
            Map<String, String> lookups = new HashMap<>();
            define(scope, "__odjcResolve", args -> {
                String name = Context.toString(args.length > 0 ? args[0] : "");
                if (!lookups.containsKey(name)) {
                    if (lookups.size() >= MAX_LOOKUPS) {
                        throw new LimitReached("more than " + MAX_LOOKUPS + " DNS look-ups");
                    }
                    lookups.put(name, resolve(resolver, name));
                }
                return lookups.get(name);
            });
            define(scope, "__odjcMyAddress", args -> myAddress.getHostAddress());
            define(scope, "__odjcNow", args -> (double) clock.millis());
            HELPERS.exec(cx, scope);
            script.exec(cx, scope);
            Object f = scope.get("FindProxyForURL", scope);
            if (!(f instanceof Function find)) {
                throw new ConnectorException(FailureCode.DIAG_PAC_INVALID, origin + " defines no function FindProxyForURL");
            }
            Object result = find.call(cx, scope, scope, new Object[] {url, host});
            return result == null || result instanceof org.mozilla.javascript.Undefined ? null : Context.toString(result);
        } catch (LimitReached e) {
            throw new ConnectorException(FailureCode.DIAG_PAC_INVALID, origin + " stopped: " + e.getMessage());
        } catch (RhinoException e) {
            throw new ConnectorException(FailureCode.DIAG_PAC_INVALID, origin + " failed for " + url + ": "
                    + oneLine(e.details()) + " (line " + e.lineNumber() + ")");
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new ConnectorException(FailureCode.DIAG_PAC_INVALID, origin + " stopped: "
                    + (e instanceof StackOverflowError ? "recursion too deep" : "it needed more memory than there is"));
        } finally {
            Context.exit();
        }
    }

    private static String resolve(Resolver resolver, String name) {
        try {
            List<InetAddress> all = resolver.resolve(name);
            return all.isEmpty() ? null : all.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(";"));
        } catch (ConnectorException e) {
            return null; // to a PAC script, a failed look-up is an unresolvable name
        }
    }

    @FunctionalInterface
    private interface Native {
        Object call(Object[] args);
    }

    private static void define(ScriptableObject scope, String name, Native body) {
        ScriptableObject.defineProperty(scope, name, new BaseFunction() {
            @Override
            public Object call(Context cx, Scriptable s, Scriptable thisObj, Object[] args) {
                return body.call(args);
            }
        }, ScriptableObject.READONLY | ScriptableObject.PERMANENT | ScriptableObject.DONTENUM);
    }

    private static Script compileHelpers() {
        try (InputStream in = PacScript.class.getResourceAsStream("pac-helpers.js")) {
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Context cx = FACTORY.enterContext();
            try {
                return cx.compileString(source, "pac-helpers.js", 1, null);
            } finally {
                Context.exit();
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("pac-helpers.js missing from the build", e);
        }
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static long allocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                ? t.getThreadAllocatedBytes(Thread.currentThread().getId()) : 0;
    }

    /** Thrown from the instruction observer: an {@link Error}, so no {@code try/catch} in the script can swallow it. */
    private static final class LimitReached extends Error {
        LimitReached(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Budget {
        final long deadlineNanos;
        final long allocatedAtStart;
        long instructions;

        Budget(long deadlineNanos, long allocatedAtStart) {
            this.deadlineNanos = deadlineNanos;
            this.allocatedAtStart = allocatedAtStart;
        }
    }

    private static final class SandboxFactory extends ContextFactory {
        private static final int CHECK_EVERY = 10_000;

        @Override
        protected Context makeContext() {
            Context cx = super.makeContext();
            cx.setOptimizationLevel(-1); // interpreted: the instruction observer and the stack bound need it
            cx.setLanguageVersion(Context.VERSION_ES6);
            cx.setInstructionObserverThreshold(CHECK_EVERY);
            cx.setMaximumInterpreterStackDepth(500);
            cx.setClassShutter(className -> false);
            return cx;
        }

        @Override
        protected void observeInstructionCount(Context cx, int count) {
            Object b = cx.getThreadLocal(Budget.class);
            if (!(b instanceof Budget budget)) {
                return; // compiling, not running
            }
            budget.instructions += count;
            if (budget.instructions > MAX_INSTRUCTIONS) {
                throw new LimitReached("more than " + MAX_INSTRUCTIONS + " instructions");
            }
            if (System.nanoTime() > budget.deadlineNanos) {
                throw new LimitReached("ran longer than " + DEADLINE.toMillis() + " ms");
            }
            if (allocatedBytes() - budget.allocatedAtStart > MAX_ALLOCATED_BYTES) {
                throw new LimitReached("allocated more than " + (MAX_ALLOCATED_BYTES >> 20) + " MiB");
            }
        }
    }
}
