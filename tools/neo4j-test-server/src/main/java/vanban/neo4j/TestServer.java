package vanban.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throw-away Neo4j Community server for vanban's test suite, run in-process.
 *
 * <p>It binds Bolt to 127.0.0.1 on a free port chosen by the OS, keeps its data in a fresh
 * temporary directory (deleted on exit), enables authentication and gives user {@code neo4j} a
 * generated password. Once a Bolt handshake succeeds it prints exactly one line on stdout:
 *
 * <pre>NEO4J_READY bolt://127.0.0.1:PORT user=neo4j password=PASSWORD version=5.26.x data=DIR</pre>
 *
 * <p>It stops cleanly (shutdown hook) on SIGTERM/SIGINT, and when its standard input reaches
 * end of file, so a parent that dies (even by SIGKILL) takes the server with it. Anything else
 * it has to say goes to stderr; Neo4j's own logs stay in the data directory.
 *
 * <p>Memory: page cache from {@code -Dvanban.pagecache=128m} (default 128 MiB); size the heap
 * with {@code -Xmx} on the java command line.
 */
public final class TestServer {
    private TestServer() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path home = Files.createTempDirectory("vanban-neo4j-");
        String password = generatePassword();
        long pageCache = parseBytes(System.getProperty("vanban.pagecache", "128m"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean down = new AtomicBoolean(false);
        Runnable stop = () -> {
            if (down.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                } catch (RuntimeException e) {
                    System.err.println("neo4j-test-server: shutdown failed: " + e);
                } finally {
                    deleteTree(home);
                    System.err.println("neo4j-test-server: stopped, removed " + home);
                    stopped.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-test-server-shutdown"));

        try {
            // the initial password of the built-in user, through the system database
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            HostnamePort bolt = ((GraphDatabaseAPI) db).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT);
            awaitBolt(bolt.getHost(), bolt.getPort(), Duration.ofSeconds(60));
            String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
            System.out.printf("NEO4J_READY bolt://%s:%d user=neo4j password=%s version=%s data=%s%n",
                    bolt.getHost(), bolt.getPort(), password, version, home);
            System.out.flush();
            System.err.printf("neo4j-test-server: Neo4j %s on Java %s ready in %.1f s (data %s)%n",
                    version, System.getProperty("java.version"),
                    (System.nanoTime() - started) / 1e9, home);
        } catch (Exception e) {
            System.err.println("neo4j-test-server: failed to start: " + e);
            stop.run();
            System.exit(2);
        }

        // stop when stdin closes (the parent went away) or on a signal (the hook)
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() != -1) {
                    // ignore input
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.exit(0);
        }, "neo4j-test-server-stdin");
        watcher.setDaemon(true);
        if (!Boolean.getBoolean("vanban.ignoreStdin")) {
            watcher.start();
        }
        stopped.await();
    }

    /** Waits until a Bolt handshake on host:port answers with a version. */
    static void awaitBolt(String host, int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                // magic preamble, then four proposed versions: 5.x ranges, 4.4, 4.0, none
                out.write(new byte[] {
                    0x60, 0x60, (byte) 0xB0, 0x17,
                    0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 4, 0, 0, 0, 0});
                out.flush();
                byte[] answer = s.getInputStream().readNBytes(4);
                if (answer.length == 4 && (answer[2] != 0 || answer[3] != 0)) {
                    return;
                }
                last = new IOException("Bolt handshake refused: " + HexFormat.of().formatHex(answer));
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IOException("Bolt did not answer on " + host + ":" + port + " in " + timeout, last);
    }

    static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "vb-" + HexFormat.of().formatHex(bytes);
    }

    static long parseBytes(String text) {
        String t = text.trim().toLowerCase();
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1L << 10;
        } else if (t.endsWith("m")) {
            unit = 1L << 20;
        } else if (t.endsWith("g")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("neo4j-test-server: could not remove " + root + ": " + e);
        }
    }
}
