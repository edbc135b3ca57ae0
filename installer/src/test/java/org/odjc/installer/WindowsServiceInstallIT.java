package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows zip as an administrator uses it, under Wine: unpacked under a path with a space,
 * {@code install-service.cmd} registers service {@code odjc} with procrun (64-bit prunsrv), and the
 * service manager's and procrun's registry keys say what the script promised; {@code
 * uninstall-service.cmd} removes them and keeps the data directory. No Windows JVM runs here:
 * {@code --java} names a stand-in Java home whose {@code jvm.dll} only has to exist.
 */
class WindowsServiceInstallIT {
    static final String SERVICE_KEY = "HKLM\\System\\CurrentControlSet\\Services\\odjc";
    /** procrun's settings live in the 32-bit view (Wow6432Node), even those of the 64-bit prunsrv. */
    static final String PROCRUN_KEY = "HKLM\\Software\\Apache Software Foundation\\Procrun 2.0\\odjc\\Parameters";
    static final String EVENT_SOURCE_KEY = "HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Application\\ODJ Connector";
    static final String PROCRUN_CLASS = "org.odjc.host.ProcrunService";

    @TempDir
    static Path dir;

    /** One prefix for the class (its first start is the slow part); each test leaves no service behind. */
    static Wine wine;
    static Path home;
    static Path data;

    @BeforeAll
    static void unpack() throws IOException {
        if (!Wine.installed()) {
            return; // each test skips (or fails) with the reason
        }
        wine = Wine.in(dir.resolve("prefix"));
        Path programFiles = dir.resolve("Program Files");
        unzip(Path.of(System.getProperty("odjc.windowsZip")), programFiles);
        try (var entries = Files.list(programFiles)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path jvm = wine.driveC().resolve("jdk/bin/server/jvm.dll");
        Files.createDirectories(jvm.getParent());
        Files.write(jvm, new byte[0]);
        data = wine.driveC().resolve("ProgramData/odjc");
    }

    @AfterAll
    static void stopWine() {
        if (wine != null) {
            wine.close();
        }
    }

    @BeforeEach
    void noDataDirectoryYet() throws IOException {
        Wine.requireInstalled();
        if (Files.exists(data)) {
            try (var tree = Files.walk(data)) {
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @AfterEach
    void noServiceLeft() {
        if (wine != null && wine.exists(SERVICE_KEY, false)) {
            wine.cmd(home, Map.of(), "uninstall-service.cmd");
        }
    }

    @Test
    void theScriptsInTheZipHaveWindowsLineEndings() throws IOException {
        for (String script : List.of("install-service.cmd", "uninstall-service.cmd", "config/jvm.options")) {
            String text = Files.readString(home.resolve(script), StandardCharsets.UTF_8);
            assertThat(text).as(script).contains("\r\n").doesNotContainPattern("[^\r]\n");
        }
    }

    @Test
    void aGmsaInstallRegistersTheProcrunServiceAsTheAccountWithoutAPasswordAndUninstallRemovesIt() throws IOException {
        Wine.Result installed = wine.cmd(home, Map.of(), "install-service.cmd", "--account", "CORP\\odjc-gmsa$",
                "--java", "C:\\jdk");
        assertThat(installed.exit()).as(installed.toString()).isZero();

        Map<String, String> service = wine.values(SERVICE_KEY, false);
        assertThat(service).as("the service manager's key").containsEntry("ImagePath",
                "\"" + Wine.windowsPath(home) + "\\bin\\amd64\\prunsrv.exe\" //RS//odjc") // quoted: the path has a space
                .containsEntry("DisplayName", "ODJ Connector")
                .containsEntry("ObjectName", "CORP\\odjc-gmsa$")
                .containsEntry("Start", "0x2") // automatic …
                .containsEntry("DelayedAutostart", "0x1") // … delayed
                .containsEntry("Type", "0x10"); // a process of its own
        assertProcrunParameters(home, "-Xmx512m");
        assertThat(wine.values(EVENT_SOURCE_KEY, false)).containsEntry("EventMessageFile",
                "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll")
                .containsEntry("TypesSupported", "0x7");
        for (String sub : List.of("state", "secrets", "logs", "tmp")) {
            assertThat(data.resolve(sub)).isDirectory();
        }
        assertThat(data.resolve("jvm.options")).hasSameTextualContentAs(home.resolve("config/jvm.options"));

        Wine.Result removed = wine.cmd(home, Map.of(), "uninstall-service.cmd");
        assertThat(removed.exit()).as(removed.toString()).isZero();
        assertThat(wine.exists(SERVICE_KEY, false)).as("service key after uninstall").isFalse();
        assertThat(wine.exists(PROCRUN_KEY, true)).as("procrun key after uninstall").isFalse();
        assertThat(wine.exists(EVENT_SOURCE_KEY, false)).as("event source after uninstall").isFalse();
        assertThat(data.resolve("jvm.options")).as("the data directory is kept").exists();
    }

    @Test
    void aLocalSystemInstallTakesTheJvmOptionsFromTheDataDirectorysJvmOptionsFile() throws IOException {
        Path options = data.resolve("jvm.options");
        Files.createDirectories(options.getParent());
        Files.writeString(options, "# edited by the admin\r\n-Xmx1g\r\n-Dodjc.example=yes\r\n");

        Wine.Result installed = wine.cmd(home, Map.of(), "install-service.cmd", "--java", "C:\\jdk");
        assertThat(installed.exit()).as(installed.toString()).isZero();

        assertThat(wine.values(SERVICE_KEY, false)).containsEntry("ObjectName", "LocalSystem")
                .containsEntry("Start", "0x2").containsEntry("DelayedAutostart", "0x1");
        assertProcrunParameters(home, "-Xmx1g\\0-Dodjc.example=yes");
        assertThat(Files.readString(options)).as("an existing jvm.options is never overwritten").contains("edited by the admin");

        Wine.Result again = wine.cmd(home, Map.of(), "install-service.cmd", "--java", "C:\\jdk");
        assertThat(again.exit()).as("a second install is refused: " + again).isEqualTo(1);
        assertThat(again.err()).contains("already installed: run uninstall-service.cmd first");

        Wine.Result removed = wine.cmd(home, Map.of(), "uninstall-service.cmd");
        assertThat(removed.exit()).as(removed.toString()).isZero();
        assertThat(wine.exists(SERVICE_KEY, false)).as(removed.toString()).isFalse();
        assertThat(wine.exists(PROCRUN_KEY, true)).isFalse();
    }

    @Test
    void pathsWithSpacesAndParenthesesAreTakenAsGiven() throws IOException {
        Path jvm = wine.driveC().resolve("Java (x86 test)/jdk/bin/server/jvm.dll");
        Files.createDirectories(jvm.getParent());
        Files.write(jvm, new byte[0]);

        Wine.Result installed = wine.cmd(home, Map.of(), "install-service.cmd", "--java", "C:\\Java (x86 test)\\jdk",
                "--data", "C:\\odjc data (test)");
        assertThat(installed.exit()).as(installed.toString()).isZero();

        assertThat(wine.values(PROCRUN_KEY + "\\Start", true)).containsEntry("Params",
                "--config\\0C:\\odjc data (test)\\odjc.yaml");
        Map<String, String> java = wine.values(PROCRUN_KEY + "\\Java", true);
        assertThat(java).containsEntry("Jvm", "C:\\Java (x86 test)\\jdk\\bin\\server\\jvm.dll");
        assertThat(java.get("Options")).startsWith("-Xrs\\0-Djava.io.tmpdir=C:\\odjc data (test)\\tmp\\0");
        assertThat(wine.values(PROCRUN_KEY + "\\Log", true)).containsEntry("Path", "C:\\odjc data (test)\\logs");
        assertThat(wine.driveC().resolve("odjc data (test)/state")).isDirectory();
        assertThat(wine.driveC().resolve("odjc data (test)/jvm.options")).exists();
        assertThat(wine.cmd(home, Map.of(), "uninstall-service.cmd").exit()).isZero();
        assertThat(wine.exists(SERVICE_KEY, false)).isFalse();
    }

    @Test
    void aDomainAccountNeedsItsPasswordWhichNeverReachesTheRegistry() throws IOException {
        Wine.Result refused = wine.cmd(home, Map.of(), "install-service.cmd", "--account", "CORP\\svc-odjc",
                "--java", "C:\\jdk");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("set ODJC_SERVICE_PASSWORD");
        assertThat(wine.exists(SERVICE_KEY, false)).isFalse();

        String password = "Pw-odjc-" + Long.toHexString(System.nanoTime());
        Wine.Result installed = wine.cmd(home, Map.of("ODJC_SERVICE_PASSWORD", password), "install-service.cmd",
                "--account", "CORP\\svc-odjc", "--java", "C:\\jdk");
        assertThat(installed.exit()).as(installed.toString()).isZero();
        assertThat(wine.values(SERVICE_KEY, false)).containsEntry("ObjectName", "CORP\\svc-odjc");
        assertThat(installed.out() + installed.err()).doesNotContain(password);
        String registry = wine.machineRegistry();
        assertThat(registry).contains("CORP\\\\svc-odjc").doesNotContain(password);
        assertThat(wine.cmd(home, Map.of(), "uninstall-service.cmd").exit()).isZero();
        assertThat(wine.exists(SERVICE_KEY, false)).isFalse();
    }

    @Test
    void theInstallerRefusesAJavaHomeWithoutAJvmAndUnknownOptions() {
        Wine.Result noJvm = wine.cmd(home, Map.of(), "install-service.cmd", "--java", "C:\\nojdk");
        assertThat(noJvm.exit()).isEqualTo(1);
        assertThat(noJvm.err()).contains("C:\\nojdk\\bin\\server\\jvm.dll does not exist");

        Wine.Result unknown = wine.cmd(home, Map.of(), "install-service.cmd", "--acount", "LocalSystem");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option or missing value: --acount").contains("usage:");
        assertThat(wine.exists(SERVICE_KEY, false)).isFalse();
    }

    /** procrun's own keys: jvm mode with our class, the config as start parameter, the JVM and its options. */
    private void assertProcrunParameters(Path home, String optionsFromFile) {
        assertThat(wine.values(PROCRUN_KEY + "\\Start", true)).as("procrun start")
                .containsEntry("Mode", "jvm").containsEntry("Class", PROCRUN_CLASS).containsEntry("Method", "start")
                .containsEntry("Params", "--config\\0C:\\ProgramData\\odjc\\odjc.yaml");
        assertThat(wine.values(PROCRUN_KEY + "\\Stop", true)).as("procrun stop")
                .containsEntry("Mode", "jvm").containsEntry("Class", PROCRUN_CLASS).containsEntry("Method", "stop")
                .containsEntry("Timeout", "0x3c");
        Map<String, String> java = wine.values(PROCRUN_KEY + "\\Java", true);
        assertThat(java).as("procrun java").containsEntry("Jvm", "C:\\jdk\\bin\\server\\jvm.dll")
                .containsEntry("Classpath", Wine.windowsPath(home) + "\\odjc.jar");
        assertThat(java.get("Options")).as("JVM options: the fixed ones, then the file's")
                .startsWith("-Xrs\\0-Djava.io.tmpdir=C:\\ProgramData\\odjc\\tmp\\0").contains(optionsFromFile)
                .doesNotContain("#");
        assertThat(wine.values(PROCRUN_KEY + "\\Log", true)).as("procrun log")
                .containsEntry("Path", "C:\\ProgramData\\odjc\\logs").containsEntry("StdError", "auto");
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
    }
}
