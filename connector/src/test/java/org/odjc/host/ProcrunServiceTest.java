package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.platform.EventSink;

class ProcrunServiceTest {
    @Test
    void theConfigFileComesFromProcrunsStartParameters() throws Exception {
        assertThat(ProcrunService.configFile(new String[] {"--config", "C:\\ProgramData\\odjc\\odjc.yaml"}))
                .isEqualTo(Path.of("C:\\ProgramData\\odjc\\odjc.yaml"));
    }

    @Test
    void aServiceWhoseConfigurationCannotBeReadReturnsFromStartAtOnceWithItsCodeLogged(@TempDir Path dir) throws Exception {
        ProcrunService.forget();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProcrunService.start(new String[] {"--config", dir.resolve("missing.yaml").toString()});
            ProcrunService.stop(new String[0]); // procrun may still send its stop: harmless
        } finally {
            System.setErr(saved);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("event=service-not-started eventId=1006 code=CONFIG-002");
    }

    @Test
    void aStopThatOvertakesProcrunsStartThreadKeepsThatStartFromRunningTheService(@TempDir Path dir) throws Exception {
        ProcrunService.forget();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProcrunService.stop(new String[0]);
            ProcrunService.start(new String[] {"--config", dir.resolve("missing.yaml").toString()});
        } finally {
            System.setErr(saved);
            ProcrunService.forget();
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).as("start returned before building anything").isEmpty();
    }

    @Test
    void startParametersWithoutAConfigFileAreRefusedWithACode() {
        assertThatThrownBy(() -> ProcrunService.configFile(new String[] {"--config"}))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.CONFIG_UNREADABLE));
        assertThatThrownBy(() -> ProcrunService.configFile(null))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.CONFIG_UNREADABLE));
    }

    @Test
    void everyLogLineIsLoggedAndTheServicesLifeWarningsAndErrorsAlsoGoToTheEventLogUnderTheirDocumentedIds() {
        List<String> log = new ArrayList<>();
        List<String> events = new ArrayList<>();
        EventSink sink = new EventSink() {
            @Override
            public void report(int id, EventSink.Type type, String text) {
                events.add(id + " " + type + " " + text);
            }

            @Override
            public void close() {
            }
        };
        var both = ProcrunService.withEvents(log::add, sink);
        both.accept("event=service-started connectorId=c-1 domains=[corp.example.test]");
        both.accept("event=request-done requestId=r-1");
        both.accept("event=service-halted code=AD-002 retryInMs=900 detail=\"rights\"");
        both.accept("event=config-rejected code=CONFIG-001 detail=x keeping=last-good");
        both.accept("event=no-such-event a=b");

        assertThat(log).hasSize(5);
        assertThat(events).containsExactly(
                "1000 INFORMATION event=service-started connectorId=c-1 domains=[corp.example.test]",
                "1002 ERROR event=service-halted code=AD-002 retryInMs=900 detail=\"rights\"",
                "1011 WARNING event=config-rejected code=CONFIG-001 detail=x keeping=last-good");
    }
}
