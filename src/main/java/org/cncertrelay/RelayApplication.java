package org.cncertrelay;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.cncertrelay.config.ConfigException;
import org.cncertrelay.config.RelayConfig;
import org.cncertrelay.config.SettingsCatalog;
import org.cncertrelay.config.SettingsFile;
import org.cncertrelay.crawl.Reparse;
import org.cncertrelay.csv.ReportCsvFile;
import org.cncertrelay.digest.DigestResult;
import org.cncertrelay.health.RelayHealthCheck;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.store.CorruptJournalException;
import org.cncertrelay.store.DataDirLock;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.subscribers.MailboxSettings;
import org.cncertrelay.subscribers.SubscriberCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code java -jar cncert-relay.jar [--once] [--backfill] [--config FILE]}. Without
 * {@code --once} the daemon polls at start-up and on {@code reports.poll-cron} until SIGTERM or Ctrl+C.
 */
public final class RelayApplication {

    private static final Logger LOG = LoggerFactory.getLogger(RelayApplication.class);

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_CONFIG = 2;

    private static final String USAGE = """
            usage: java -jar cncert-relay.jar [options]
              (no option)            run as a daemon: poll now and on reports.poll-cron, send the digest on
                                     digest.cron, until stopped
              --once                 poll every source once, deliver to every sink, exit
              --backfill             like --once, but record issues without announcing them (no chat, no digest)
              --digest-now           send the digest now and exit (after the poll when given with --once)
              --replay-dead-letters  send the dead-lettered webhook messages again and exit
              --reparse              read the kept raw content (relay.data-dir/raw) again with this version's
                                     parser, correct the records and the CSV, announce nothing, report, exit
              --config FILE          settings file (default: config/application.properties in the working
                                     directory when it exists, else the one built into the jar)
              --print-config         check the settings, print them with secrets masked, and exit
              --subscribe ADDRESS [--language en|zh-CN]
                                     add a digest subscriber (or bring one back), and exit
              --unsubscribe ADDRESS  stop the digest to ADDRESS, and exit
              --subscribers          list the digest's subscribers and their state, and exit
                                     (these three work while the daemon runs)
              --help                 this text
            Any setting can be given as -Dkey=value or as an environment variable (REPORTS_URLS for reports.urls).""";

    private RelayApplication() {
    }

    public static void main(String[] args) {
        Map<String, String> systemProperties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(key -> systemProperties.put(key,
                System.getProperty(key)));
        System.exit(run(args, systemProperties, System.getenv()));
    }

    /** Runs the relay as the command line would; returns the exit code. */
    public static int run(String[] args, Map<String, String> overrides, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cncert-relay: " + e.getMessage());
            System.err.println(USAGE);
            return EXIT_BAD_CONFIG;
        }
        if (options.help) {
            System.out.println(USAGE);
            return EXIT_OK;
        }
        SettingsFile settings;
        RelayConfig config;
        Path dataDir;
        String routes;
        try {
            settings = options.configFile == null ? SettingsFile.standard()
                    : SettingsFile.named(options.configFile);
            config = RelayConfig.load(settings.properties(), overrides, env);
            SettingsCatalog.checkKnown(config);
            SettingsCatalog.checkValues(config);
            dataDir = config.writableDirectory("relay.data-dir", "data");
            routes = routesLocation(config);
        } catch (ConfigException e) {
            System.err.println("cncert-relay: configuration error: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        if (options.subscriberCommand != null) {
            return changeSubscribers(options, config, dataDir);
        }
        DataDirLock lock;
        try {
            lock = lockDataDir(options, dataDir);
        } catch (DataDirLock.InUse e) {
            if (options.printConfig) {
                // the holder's journals are not opened beside it, so the values are printed unchecked
                printSettings(config);
                System.err.println("cncert-relay: " + e.getMessage() + "; values printed unchecked");
                return EXIT_OK;
            }
            System.err.println("cncert-relay: " + e.getMessage() + "; stop it first, or give this run another "
                    + "relay.data-dir");
            return EXIT_BAD_CONFIG;
        } catch (IOException e) {
            System.err.println("cncert-relay: cannot lock the data dir " + dataDir.toAbsolutePath() + ": "
                    + e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }
        try (lock) {
            if (options.printConfig && config.string("relay.store", "file").equals("postgres")) {
                // the settings are checked above; the shared database is not needed to print them
                printSettings(config);
                return EXIT_OK;
            }
            if (options.reparse) {
                return reparse(config, dataDir);
            }
            RelayComponents components;
            try {
                components = new RelayComponents(config, options.backfill, Clock.systemUTC());
            } catch (RuntimeException e) {
                return cannotStart(e);
            }
            try (components) {
                if (options.printConfig) {
                    printSettings(config);
                    return EXIT_OK;
                }
                LOG.info("Settings from {}, routes from {}", settings.source(), routes);
                return runCamel(options, config, routes, components);
            }
        }
    }

    /** Says in one line what kept the relay from starting; exit 2 when a person must act before it can run. */
    private static int cannotStart(RuntimeException e) {
        if (e instanceof ConfigException) {
            System.err.println("cncert-relay: configuration error: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        System.err.println("cncert-relay: cannot start: " + e.getMessage());
        // a damaged journal, like a bad setting, needs a person
        return e instanceof CorruptJournalException ? EXIT_BAD_CONFIG : EXIT_FAILED;
    }

    /** The subscriber commands take the list's own lock, not the data dir's: they run beside the daemon. */
    private static int changeSubscribers(Options options, RelayConfig config, Path dataDir) {
        try (Database database = RelayComponents.openDatabase(config)) {
            String language = options.language != null ? options.language
                    : config.string("relay.language", Messages.DEFAULT_LANGUAGE);
            new SubscriberCommands(RelayComponents.subscriberList(database, dataDir), Clock.systemUTC(), System.out)
                    .run(options.subscriberCommand, options.subscriberAddress, language);
            return EXIT_OK;
        } catch (ConfigException e) {
            System.err.println("cncert-relay: configuration error: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        } catch (IllegalArgumentException e) {
            System.err.println("cncert-relay: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        } catch (RuntimeException e) {
            System.err.println("cncert-relay: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    /**
     * {@code --reparse}: no Camel, no webhook outbox, no mail: only the stores, the CSV and the raw archive, so
     * nothing can be announced. The report goes to stdout, and one log line says what changed.
     */
    private static int reparse(RelayConfig config, Path dataDir) {
        RelayComponents.Stores stores;
        try {
            stores = RelayComponents.Stores.open(config, dataDir);
        } catch (RuntimeException e) {
            return cannotStart(e);
        }
        try {
            ReportCsvFile csv = new ReportCsvFile(RelayComponents.csvFile(config, dataDir), stores.records().all());
            Reparse.Result result = new Reparse(RelayComponents.rawArchive(config, dataDir, Clock.systemUTC()),
                    RelayComponents.maxPageBytes(config), RelayComponents.pageInterpreter(config), stores.records(),
                    csv)
                    .run();
            result.lines().forEach(System.out::println);
            LOG.info(result.summary());
            List<String> offered = RelayComponents.offerCorrections(config, dataDir, stores,
                    result.corrected().values());
            if (!offered.isEmpty()) {
                System.out.println("offered to the record sinks as corrected: " + String.join(", ", offered));
                LOG.info("Queued {} corrected record(s) for the record sinks; the next run sends them",
                        offered.size());
            }
            return EXIT_OK;
        } catch (IOException | RuntimeException e) {
            LOG.error("Reparse failed: {}", e.getMessage(), e);
            return EXIT_FAILED;
        } finally {
            if (stores.database() != null) {
                stores.database().close();
            }
        }
    }

    /**
     * One relay per data dir. The commands that make sense beside a running relay ({@code --digest-now},
     * {@code --replay-dead-letters}, {@code --reparse}) wait for it to end; the others would repeat its work, so they
     * stop at once.
     */
    private static DataDirLock lockDataDir(Options options, Path dataDir)
            throws DataDirLock.InUse, IOException, InterruptedException {
        boolean waits = !options.printConfig && (options.digestNow || options.replayDeadLetters || options.reparse)
                && !options.once && !options.backfill;
        if (!waits) {
            return DataDirLock.acquire(dataDir);
        }
        return DataDirLock.await(dataDir, inUse -> System.err.println("cncert-relay: waiting for cncert-relay (PID "
                + inUse.holderPid() + ") holding " + inUse.dir() + " to finish …"));
    }

    /**
     * The relay's routes (see {@link #relayRoutes}) and, after them, the user's sink routes from relay.sinks-dir
     * when set, else from ./routes/sinks when it exists.
     */
    static String routesLocation(RelayConfig config) {
        String setting = config.optional("relay.sinks-dir");
        Path folder = Path.of(setting == null ? "routes/sinks" : setting);
        if (!Files.isDirectory(folder)) {
            if (setting != null) {
                throw new ConfigException("relay.sinks-dir", "folder " + folder.toAbsolutePath()
                        + " does not exist");
            }
            return relayRoutes(config);
        }
        return relayRoutes(config) + ",file:" + folder.toAbsolutePath().normalize() + "/*.camel.yaml";
    }

    /** Routes from relay.routes-dir when set, else from ./routes when it exists, else the ones built into the jar. */
    private static String relayRoutes(RelayConfig config) {
        String setting = config.optional("relay.routes-dir");
        Path folder = Path.of(setting == null ? "routes" : setting);
        if (setting == null && !Files.isDirectory(folder)) {
            return "classpath:routes/*.camel.yaml";
        }
        if (!Files.isDirectory(folder)) {
            throw new ConfigException("relay.routes-dir", "folder " + folder.toAbsolutePath() + " does not exist");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.camel.yaml")) {
            if (!files.iterator().hasNext()) {
                throw new ConfigException("relay.routes-dir", "folder " + folder.toAbsolutePath()
                        + " has no *.camel.yaml route files");
            }
        } catch (IOException e) {
            throw new ConfigException("relay.routes-dir", "folder " + folder.toAbsolutePath()
                    + " cannot be read (" + e.getMessage() + ")");
        }
        return "file:" + folder.toAbsolutePath().normalize() + "/*.camel.yaml";
    }

    private static void printSettings(RelayConfig config) {
        SettingsCatalog.masked(config).forEach((key, value) -> {
            if (SettingsCatalog.isRelaySetting(key)) {
                System.out.println(key + " = " + value);
            }
        });
    }

    private static int runCamel(Options options, RelayConfig config, String routes, RelayComponents components) {
        boolean once = options.once || options.backfill;
        boolean oneShot = once || options.digestNow || options.replayDeadLetters;
        Main main = new Main();
        main.configure().withRoutesIncludePattern(routes);
        main.configure().withName("cncert-relay");
        main.configure().withJmxEnabled(false);
        main.configure().withShutdownTimeout((int) config.duration("relay.shutdown-timeout", "30s").toSeconds());
        main.setOverrideProperties(placeholders(config, components, oneShot));
        if (components.database != null && !oneShot) {
            main.bind("quartz", ClusteredQuartz.component(config));
        }
        stages(components).forEach(main::bind);
        if (!oneShot && config.bool("relay.management.enabled", true)) {
            String host = config.string("relay.management.host", "127.0.0.1");
            int port = config.integer("relay.management.port", 9876);
            try {
                checkFree(host, port);
            } catch (ConfigException e) {
                System.err.println("cncert-relay: configuration error: " + e.getMessage());
                return EXIT_BAD_CONFIG;
            }
            main.configure().httpManagementServer()
                    .withEnabled(true)
                    .withHost(host)
                    .withPort(port)
                    .withHealthCheckEnabled(true)
                    .withMetricsEnabled(true);
            main.configure().metrics().withEnabled(true);
            main.configure().health().withEnabled(true);
            main.bind("relayHealthCheck", new RelayHealthCheck(components.health, Clock.systemUTC()));
        }

        int[] exitCode = {EXIT_OK};
        Map<String, String> sinkEndpoints = new HashMap<>();
        ConfigException[] sinkProblem = {null};
        AtomicBoolean stopRequested = new AtomicBoolean();
        if (oneShot) {
            // SIGTERM or Ctrl+C: Camel's shutdown hook waits for the thread doing the one-shot work, which never
            // reaches beforeStop; end the poll after the pages in hand, as the daemon does
            main.getShutdownStrategy().addShutdownListener(() -> {
                stopRequested.set(true);
                components.crawl.stop();
            });
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport starting) {
                try {
                    sinkEndpoints.putAll(SinkRoutes.endpoints(starting.getCamelContext(), components.sinkRoutes));
                } catch (ConfigException e) {
                    sinkProblem[0] = e;
                    throw e;
                }
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                components.webhookTransport.start(started.getCamelContext().createProducerTemplate(), sinkEndpoints);
                if (oneShot) {
                    try (ProducerTemplate template = started.getCamelContext().createProducerTemplate()) {
                        exitCode[0] = runOneShot(options, template, components,
                                config.duration("relay.shutdown-timeout", "30s"), stopRequested::get);
                    } catch (Exception e) {
                        LOG.error("Run failed: {}", e.getMessage(), e);
                        exitCode[0] = EXIT_FAILED;
                    }
                    main.completed();
                } else {
                    try {
                        components.startUnsubscribePage(Clock.systemUTC());
                    } catch (IOException e) {
                        LOG.error("Unsubscribe page cannot listen ({}); check digest.public.host and "
                                + "digest.public.port", e.getMessage());
                        exitCode[0] = EXIT_BAD_CONFIG;
                        main.completed();
                        return;
                    }
                    LOG.info("cncert-relay running: polling on \"{}\" ({}); data in {}", components.pollCron,
                            config.string("relay.timezone", "Asia/Shanghai"), components.dataDir.toAbsolutePath());
                }
            }

            @Override
            public void beforeStop(BaseMainSupport stopping) {
                components.crawl.stop();
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            if (sinkProblem[0] != null) {
                System.err.println("cncert-relay: configuration error: " + sinkProblem[0].getMessage());
                return EXIT_BAD_CONFIG;
            }
            LOG.error("cncert-relay stopped on an error: {}", e.getMessage(), e);
            return EXIT_FAILED;
        }
        return exitCode[0];
    }

    /** What the routes' {{placeholders}} resolve to: the checked settings, plus values derived from them. */
    static Properties placeholders(RelayConfig config, RelayComponents components, boolean oneShot) {
        Properties properties = config.asProperties();
        properties.setProperty("reports.poll-cron", components.pollCron);
        properties.setProperty("relay.timezone", config.string("relay.timezone", "Asia/Shanghai"));
        // for sink routes: where state lives, and the language people read
        properties.setProperty("relay.data-dir", components.dataDir.toString());
        properties.setProperty("relay.language", config.string("relay.language", Messages.DEFAULT_LANGUAGE));
        properties.setProperty("relay.poll-triggers", Boolean.toString(!oneShot));
        properties.setProperty("reports.parallelism", Integer.toString(components.parallelism));
        // in a cluster the start-up poll would run on every instance; there the clustered cron alone polls
        properties.setProperty("relay.poll-at-start", Boolean.toString(!oneShot && components.database == null));
        properties.setProperty("digest.cron", components.digestSettings.cron());
        // the mailbox is read by the daemon only; when it is off its route is not started, and never connects
        properties.setProperty("digest.imap.enabled", Boolean.toString(!oneShot && components.mailboxJob != null));
        properties.setProperty("digest.imap.uri", components.mailbox.map(MailboxSettings::camelUri)
                .orElse("imap://mailbox.invalid"));
        String webhookTimeout = Long.toString(components.webhookTimeout.toMillis());
        // no per-exchange timers: the relay_* metrics say what operators ask, and the notifier registers a gauge on
        // an exchange's completion, racing (a "Gauge has been already registered" WARN) when readers finish at once
        properties.setProperty("camel.metrics.enableExchangeEventNotifier", "false");
        properties.setProperty("camel.component.http.connect-timeout", "10000");
        properties.setProperty("camel.component.http.connection-request-timeout", webhookTimeout);
        properties.setProperty("camel.component.http.response-timeout", webhookTimeout);
        properties.setProperty("camel.component.http.so-timeout", webhookTimeout);
        return properties;
    }

    /** The beans the routes name, one per stage, by name. */
    static Map<String, Object> stages(RelayComponents components) {
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("crawl", components.crawl);
        stages.put("pageSource", components.pageSource);
        stages.put("pageInterpreter", components.pageInterpreter);
        stages.put("recorder", components.recorder);
        stages.put("csvSink", components.csvSink);
        stages.put("recordSinks", components.recordSinks);
        stages.put("announcer", components.announcer);
        stages.put("digestJob", components.digestJob);
        if (components.mailboxJob != null) {
            stages.put("mailboxJob", components.mailboxJob);
            stages.put("mailboxPolling", new MailboxPolling(components.mailbox.orElseThrow()));
        }
        // camel-micrometer-prometheus serves the registry bound under this name at /observe/metrics
        stages.put("metricsRegistry", components.metrics.registry());
        return stages;
    }

    /** The management server would fail after start-up with a stack trace; say it before, naming the setting. */
    private static void checkFree(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException("relay.management.port", host + ":" + port + " cannot be opened (" + e.getMessage()
                    + "); choose another port, or set relay.management.enabled=false");
        }
    }

    /** The work of a run that exits when done: replay, poll, digest, in that order, as the switches ask. */
    private static int runOneShot(Options options, ProducerTemplate template, RelayComponents components,
            Duration deliveryWait, BooleanSupplier stopRequested) throws Exception {
        if (options.replayDeadLetters) {
            components.webhooks.replayDeadLetters();
        }
        if (options.once || options.backfill) {
            template.sendBody("direct:poll", null);
        }
        if (stopRequested.getAsBoolean()) {
            LOG.info("Stopped after the pages in hand; {} delivery(ies) (chat messages, records for the sinks, CSV "
                    + "rows) stay pending for the next run",
                    components.webhooks.pendingDeliveries());
            return EXIT_OK;
        }
        if (!components.webhooks.awaitIdle(deliveryWait)) {
            LOG.warn("{} delivery(ies) (chat messages, records for the sinks, CSV rows) not made in this run (their "
                    + "targets did not take them within {} s, or "
                    + "wait out a retry beyond it); they are kept and sent on the next run",
                    components.webhooks.pendingDeliveries(), deliveryWait.toSeconds());
        }
        if (options.digestNow) {
            DigestResult result = template.requestBody("direct:digest", null, DigestResult.class);
            System.out.println(result.summary());
            if (result.status() == DigestResult.Status.PENDING) {
                return EXIT_FAILED;
            }
        }
        int deadLetters = components.webhooks.deadLettersWaiting();
        if (deadLetters > 0) {
            LOG.warn("{} webhook message(s) wait in {}/dead-letters; fix the target and run with "
                    + "--replay-dead-letters", deadLetters, components.dataDir);
        }
        return EXIT_OK;
    }

    /** The command-line switches. */
    static final class Options {
        boolean once;
        boolean backfill;
        boolean help;
        boolean digestNow;
        boolean replayDeadLetters;
        boolean printConfig;
        boolean reparse;
        /** --subscribe, --unsubscribe or --subscribers, with the address and --language they name. */
        SubscriberCommands.Command subscriberCommand;
        String subscriberAddress;
        String language;
        /** The file named with --config, or null for the standard one ({@link SettingsFile#standard()}). */
        Path configFile;

        static Options parse(String[] args) {
            Options options = new Options();
            List<String> rest = new ArrayList<>(List.of(args));
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                switch (arg) {
                    case "--once" -> options.once = true;
                    case "--backfill" -> options.backfill = true;
                    case "--digest-now" -> options.digestNow = true;
                    case "--replay-dead-letters" -> options.replayDeadLetters = true;
                    case "--print-config" -> options.printConfig = true;
                    case "--reparse" -> options.reparse = true;
                    case "--help", "-h" -> options.help = true;
                    case "--subscribe", "--unsubscribe" -> {
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException(arg + " needs an address");
                        }
                        options.subscriberCommand = arg.equals("--subscribe") ? SubscriberCommands.Command.SUBSCRIBE
                                : SubscriberCommands.Command.UNSUBSCRIBE;
                        options.subscriberAddress = rest.remove(0);
                    }
                    case "--subscribers" -> options.subscriberCommand = SubscriberCommands.Command.LIST;
                    case "--language" -> {
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException("--language needs zh-CN or en");
                        }
                        options.language = rest.remove(0);
                    }
                    case "--config" -> {
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException("--config needs a file");
                        }
                        options.configFile = Path.of(rest.remove(0));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return options;
        }
    }
}
