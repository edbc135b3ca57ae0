package org.odjc.platform;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import java.util.function.Consumer;

/**
 * The Windows Application log, source {@link EventSink#SOURCE} (registered by
 * {@code install-service.cmd} with .NET's {@code EventLogMessages.dll}, whose message for every id is
 * just the inserted text). Built against jna-platform's {@code RegisterEventSource}/{@code ReportEvent};
 * not yet exercised on Windows (see the README).
 */
public final class WindowsEventLog implements EventSink {
    private final WinNT.HANDLE handle;
    private final Consumer<String> problems;

    private WindowsEventLog(WinNT.HANDLE handle, Consumer<String> problems) {
        this.handle = handle;
        this.problems = problems;
    }

    /**
     * Opens the source; {@link EventSink#NONE} when Windows refuses (the log line says why), since
     * the service runs without an event log rather than not at all.
     */
    public static EventSink open(Consumer<String> problems) {
        WinNT.HANDLE h = Advapi32.INSTANCE.RegisterEventSource(null, EventSink.SOURCE);
        if (h == null) {
            problems.accept("eventlog: the Application log's source cannot be opened, win32Error=" + com.sun.jna.Native.getLastError());
            return EventSink.NONE;
        }
        return new WindowsEventLog(h, problems);
    }

    @Override
    public synchronized void report(int id, Type entryType, String text) {
        int type = switch (entryType) {
            case INFORMATION -> WinNT.EVENTLOG_INFORMATION_TYPE;
            case WARNING -> WinNT.EVENTLOG_WARNING_TYPE;
            case ERROR -> WinNT.EVENTLOG_ERROR_TYPE;
        };
        if (!Advapi32.INSTANCE.ReportEvent(handle, type, 0, id, null, 1, 0, new String[] {text}, null)) {
            problems.accept("eventlog: writing event " + id + " failed, win32Error="
                    + com.sun.jna.Native.getLastError());
        }
    }

    @Override
    public synchronized void close() {
        Advapi32.INSTANCE.DeregisterEventSource(handle);
    }
}
