package org.cncertrelay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.cncertrelay.config.ConfigException;
import org.cncertrelay.config.RelayConfig;
import org.cncertrelay.crawl.Crawl;
import org.cncertrelay.crawl.CrawlSettings;
import org.cncertrelay.crawl.PageInterpreter;
import org.cncertrelay.crawl.PageSource;
import org.cncertrelay.crawl.Reparse;
import org.cncertrelay.csv.CsvSink;
import org.cncertrelay.csv.ReportCsvFile;
import org.cncertrelay.digest.DigestJob;
import org.cncertrelay.digest.DigestService;
import org.cncertrelay.digest.DigestSettings;
import org.cncertrelay.fetch.HostPolicy;
import org.cncertrelay.fetch.PoliteFetcher;
import org.cncertrelay.health.HealthProbe;
import org.cncertrelay.health.RelayHealth;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.metrics.RelayMetrics;
import org.cncertrelay.raw.RawArchive;
import org.cncertrelay.report.Report;
import org.cncertrelay.record.Announcer;
import org.cncertrelay.record.RecordSinks;
import org.cncertrelay.record.Recorder;
import org.cncertrelay.store.FilePageLedger;
import org.cncertrelay.store.FilePollLog;
import org.cncertrelay.store.FileRecordStore;
import org.cncertrelay.store.FileStateCheck;
import org.cncertrelay.store.PageLedger;
import org.cncertrelay.store.PollLog;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.store.pg.PgPageLedger;
import org.cncertrelay.store.pg.PgPollLog;
import org.cncertrelay.store.pg.PgRecordStore;
import org.cncertrelay.subscribers.FileSubscriberList;
import org.cncertrelay.subscribers.MailboxJob;
import org.cncertrelay.subscribers.MailboxReader;
import org.cncertrelay.subscribers.MailboxSettings;
import org.cncertrelay.subscribers.PgSubscriberList;
import org.cncertrelay.subscribers.SubscriberList;
import org.cncertrelay.subscribers.UnsubscribePage;
import org.cncertrelay.webhook.WebhookDispatcher;
import org.cncertrelay.webhook.WebhookSettings;

/**
 * Builds every bean the routes refer to from the checked configuration. All validation happens here, before
 * anything runs, so a bad setting stops the process with one line naming the key.
 */
public final class RelayComponents implements AutoCloseable {

    final Path dataDir;
    final RelayMetrics metrics;
    final PoliteFetcher fetcher;
    final PageSource pageSource;
    final PageInterpreter pageInterpreter;
    final RecordStore records;
    final PageLedger ledger;
    final Crawl crawl;
    final Recorder recorder;
    final CsvSink csvSink;
    final RecordSinks recordSinks;
    final WebhookDispatcher webhooks;
    final CamelWebhookTransport webhookTransport = new CamelWebhookTransport();
    final Duration webhookTimeout;
    /** Each record sink's name and the id of its route ({@code sinks}, {@code sink.N.route}), in listed order. */
    final Map<String, String> sinkRoutes = new LinkedHashMap<>();
    final Announcer announcer;
    final DigestSettings digestSettings;
    final DigestJob digestJob;
    final SubscriberList subscribers;
    /** Reads the digest's mailbox (digest.imap.*), or null when it is off. */
    final MailboxJob mailboxJob;
    final Optional<MailboxSettings> mailbox;
    /** The public unsubscribe page while the daemon serves it, else null. */
    private UnsubscribePage unsubscribePage;
    final RelayHealth health;
    final String pollCron;
    final int parallelism;
    /** The shared database when relay.store=postgres, else null. */
    final Database database;
    final PollLog pollLog;
    final HealthProbe healthProbe;
    /** How often health looks at the database, the poll log and the dead letters (a probe reads the last look). */
    private static final Duration HEALTH_LOOK_INTERVAL = Duration.ofSeconds(2);

    RelayComponents(RelayConfig config, boolean backfill, Clock clock) {
        pollCron = config.cron("reports.poll-cron", "0 0/30 * * * ?");
        config.zone("relay.timezone", "Asia/Shanghai");
        dataDir = config.writableDirectory("relay.data-dir", "data");
        Path csvFile = csvFile(config, dataDir);
        String archive = config.optional("reports.archive-dir");
        long maxBytes = maxPageBytes(config);
        parallelism = config.integer("reports.parallelism", 4);
        CrawlSettings crawlSettings = new CrawlSettings(
                config.urls("reports.urls"),
                config.urls("reports.feeds"),
                archive == null ? null : Path.of(archive),
                config.integer("reports.follow-depth", 5),
                config.duration("reports.retry.initial-delay", "30m"),
                config.duration("reports.retry.max-delay", "24h"),
                backfill);
        metrics = new RelayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HostPolicy hosts = new HostPolicy(config.lowerCaseSet("reports.allowed-hosts", "mp.weixin.qq.com"), metrics);
        fetcher = new PoliteFetcher(config.duration("reports.connect-timeout", "10s"),
                config.duration("reports.read-timeout", "30s"), config.duration("reports.request-delay", "3s"),
                maxBytes, hosts);

        WebhookSettings webhookSettings = WebhookSettings.fromProperties(config.asMap());
        webhookTimeout = webhookSettings.timeout();
        webhookSettings.sinks().forEach(sink -> sinkRoutes.put(sink.name(), sink.url().getSchemeSpecificPart()));
        digestSettings = DigestSettings.parse(config.asMap());
        // relay.language is checked just above by the digest's settings
        pageInterpreter = pageInterpreter(config);

        Stores stores = Stores.open(config, dataDir);
        database = stores.database();
        records = stores.records();
        ledger = stores.ledger();
        pollLog = stores.pollLog();
        pageSource = new PageSource(fetcher, maxBytes, rawArchive(config, dataDir, clock), clock);
        crawl = new Crawl(crawlSettings, hosts, ledger, records, pollLog, metrics, clock);
        recorder = new Recorder(records, metrics);
        List<Report> recorded = records.all(); // read once at start: a whole table on PostgreSQL
        ReportCsvFile csv = new ReportCsvFile(csvFile, recorded);
        csvSink = new CsvSink(csv, records);
        if (records instanceof FileRecordStore fileRecords && ledger instanceof FilePageLedger filePages) {
            FileStateCheck.run(fileRecords, filePages, csvFile, csv.urls(), csv::append, clock.instant());
        }
        try {
            webhooks = database == null
                    ? new WebhookDispatcher(webhookSettings, dataDir, webhookTransport, metrics::delivery)
                    : WebhookDispatcher.onDatabase(webhookSettings, database.dataSource(), instanceName(),
                            webhookTransport, metrics::delivery);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the webhook outbox in " + dataDir + ": "
                    + e.getMessage(), e);
        }
        announcer = new Announcer(records, webhooks);
        recordSinks = new RecordSinks(records, webhooks);
        DigestService digests = database == null ? new DigestService(digestSettings, dataDir)
                : DigestService.onDatabase(digestSettings, dataDir, database.dataSource());
        digestJob = new DigestJob(records, digests, metrics);
        subscribers = digests.subscribers(); // the digest's own list, shared with the mailbox and the unsubscribe page
        mailbox = MailboxSettings.parse(config.asMap());
        mailboxJob = mailbox.map(settings -> new MailboxJob(
                new MailboxReader(digestSettings.tokens().orElseThrow(), digestSettings.listId()), subscribers,
                digests::sendConfirmation, settings.bounceLimit(), digestSettings.messages().language(), metrics,
                clock)).orElse(null);
        recorded.forEach(metrics::recordKnown);
        healthProbe = new HealthProbe(pollLog::lastSuccess, webhooks::deadLettersWaiting,
                database == null ? null : database::ping, clock, HEALTH_LOOK_INTERVAL);
        metrics.watch(() -> healthProbe.snapshot().deadLetters(), webhooks::pendingDeliveries, clock);
        health = new RelayHealth(healthProbe::snapshot, config.duration("relay.health.max-silence", "3d"),
                clock.instant());
    }

    /** The stores of relay.store: on files in the data dir, or in the shared PostgreSQL database. */
    record Stores(Database database, RecordStore records, PageLedger ledger, PollLog pollLog) {

        static Stores open(RelayConfig config, Path dataDir) {
            Database database = openDatabase(config);
            if (database != null) {
                return new Stores(database, new PgRecordStore(database.dataSource()),
                        new PgPageLedger(database.dataSource()),
                        new PgPollLog(database.dataSource(), instanceName()));
            }
            return new Stores(null, new FileRecordStore(dataDir), new FilePageLedger(dataDir),
                    new FilePollLog(dataDir));
        }
    }

    /**
     * Queues the records {@code --reparse} corrected for the record sinks (event corrected), in the outbox of the
     * store in use; the next daemon or --once sends them.
     */
    static List<String> offerCorrections(RelayConfig config, Path dataDir, Stores stores,
                                         Collection<Reparse.Correction> corrections) throws IOException {
        WebhookSettings settings = WebhookSettings.fromProperties(config.asMap());
        if (settings.userSinks().isEmpty()) {
            return List.of(); // nothing to look up the issues before the corrected ones for
        }
        List<WebhookDispatcher.News> news = corrections.stream().map(correction -> new WebhookDispatcher.News(
                correction.record(), stores.records().previous(correction.record().key()).orElse(null))).toList();
        return WebhookDispatcher.offerCorrections(settings, dataDir,
                stores.database() == null ? null : stores.database().dataSource(), instanceName(), news);
    }

    /** The page interpreter, its warnings kept with each record in relay.language. */
    static PageInterpreter pageInterpreter(RelayConfig config) {
        return new PageInterpreter(Messages.of(config.string("relay.language", Messages.DEFAULT_LANGUAGE)));
    }

    static Path csvFile(RelayConfig config, Path dataDir) {
        return Path.of(config.string("csv.file", dataDir.resolve("reports.csv").toString()));
    }

    static long maxPageBytes(RelayConfig config) {
        return config.longValue("reports.max-page-bytes", 5L * 1024 * 1024);
    }

    /** The raw archive in the data dir, kept for reports.keep-raw and within reports.raw-max-bytes. */
    static RawArchive rawArchive(RelayConfig config, Path dataDir, Clock clock) {
        return new RawArchive(dataDir, config.durationOr("keep", "reports.keep-raw", "keep"),
                config.longValue("reports.raw-max-bytes", 10L * 1024 * 1024 * 1024), clock);
    }

    /** The shared database, migrated, when relay.store=postgres; null for the file store. */
    static Database openDatabase(RelayConfig config) {
        String store = config.string("relay.store", "file");
        if (store.equals("file")) {
            return null;
        }
        if (!store.equals("postgres")) {
            throw new ConfigException("relay.store", "must be file or postgres, is \"" + store + "\"");
        }
        String url = config.optional("relay.jdbc.url");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("relay.jdbc.url", "relay.store=postgres needs a URL such as "
                    + "jdbc:postgresql://db.example:5432/relay");
        }
        String user = config.string("relay.jdbc.user", "");
        String password = config.string("relay.jdbc.password", "");
        Duration connectTimeout = config.duration("relay.jdbc.connect-timeout", "5s");
        Database.checkReachable(url, user, password, connectTimeout);
        return new Database(url, user, password, connectTimeout).migrate();
    }

    static SubscriberList subscriberList(Database database, Path dataDir) {
        return database == null ? new FileSubscriberList(dataDir) : new PgSubscriberList(database.dataSource());
    }

    /** Serves the unsubscribe page when digest.public.port is set: for the daemon, not for one-shot runs. */
    void startUnsubscribePage(Clock clock) throws IOException {
        if (digestSettings.publicListener().isPresent()) {
            unsubscribePage = UnsubscribePage.start(digestSettings.publicListener().get(),
                    digestSettings.tokens().orElseThrow(), subscribers, digestSettings.messages(), clock);
        }
    }

    /** This instance's name in claims and logs: the host name, else the process id. */
    private static String instanceName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return "pid-" + ProcessHandle.current().pid();
        }
    }

    @Override
    public void close() {
        if (unsubscribePage != null) {
            unsubscribePage.close();
        }
        healthProbe.close();
        webhooks.close();
        if (database != null) {
            database.close();
        }
    }
}
