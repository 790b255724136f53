package org.cncertrelay.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.cncertrelay.store.pg.Database;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, throwaway PostgreSQL server for tests: Debian's binaries (package {@code postgresql}, which .ci/run
 * installs), a fresh cluster in a temporary folder on a free loopback port, started once per test JVM and stopped
 * at exit. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user. Each test gets a
 * database of its own from {@link #newDatabase()}.
 */
public final class LocalPostgres {

    private static LocalPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path binDir;
    private final Path dataDir;
    private final int port;

    private LocalPostgres(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The server, started on first use; skips the calling test when PostgreSQL is not installed. */
    public static synchronized LocalPostgres get() {
        if (instance == null) {
            Optional<Path> bin = findBinaries();
            Assumptions.assumeTrue(bin.isPresent(),
                    "PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it");
            instance = start(bin.get());
        }
        return instance;
    }

    /** A new, empty database; returns its JDBC URL (user postgres, no password). */
    public String newDatabase() {
        String name = "relay_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        return url(name);
    }

    /** A new database, migrated, and a connection pool on it (the caller closes it). */
    public Database newMigratedDatabase() {
        return connect(newDatabase());
    }

    /** Another instance's connection pool on the database at {@code url}, migrated. */
    public static Database connect(String url) {
        return new Database(url, "postgres", "").migrate();
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Optional<Path> findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static LocalPostgres start(Path bin) {
        try {
            Path dataDir = Files.createTempDirectory("cncert-relay-pg-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres:postgres", dataDir.toString()), false);
            }
            int port = freePort();
            run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync"), root);
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-w",
                    "-l", dataDir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir + " -c fsync=off"
                            + " -c max_connections=200",
                    "start"), root);
            LocalPostgres server = new LocalPostgres(bin, dataDir, port);
            server.addPasswordUser();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(root)));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A role that must give its password ({@link #PASSWORD_USER} / {@link #PASSWORD}); every other role is trusted. */
    public static final String PASSWORD_USER = "relay_with_password";
    public static final String PASSWORD = "the-right-password";

    private void addPasswordUser() throws IOException {
        Path hba = dataDir.resolve("data").resolve("pg_hba.conf");
        String rules = Files.readString(hba);
        Files.writeString(hba, "host all " + PASSWORD_USER + " 127.0.0.1/32 scram-sha-256\n" + rules);
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + PASSWORD_USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add the password user: " + e.getMessage(), e);
        }
    }

    private void stop(boolean root) {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m",
                    "immediate", "stop"), root);
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting; a leftover server dies with the machine's temp folder
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", full) + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
