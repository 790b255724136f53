package org.cncertrelay.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.Report;
import org.cncertrelay.store.DurableFiles;

/** The relay's own meters, named {@code relay_*} once exported to Prometheus. */
public final class RelayMetrics {

    private final MeterRegistry registry;
    private final AtomicLong lastPollSuccess = new AtomicLong();
    private final AtomicLong newestIssuePublished = new AtomicLong();

    public RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Gauges read from the webhook outbox whenever metrics are scraped. */
    public void watch(IntSupplier deadLettersWaiting, IntSupplier pending, Clock clock) {
        Gauge.builder("relay.last.poll.success.age.seconds", () -> ageSeconds(lastPollSuccess.get(), clock))
                .description("seconds since the last successful poll (NaN before the first)").register(registry);
        Gauge.builder("relay.newest.issue.age.seconds", () -> ageSeconds(newestIssuePublished.get(), clock))
                .description("seconds since the newest known issue was published").register(registry);
        Gauge.builder("relay.dead.letters.waiting", deadLettersWaiting::getAsInt)
                .description("webhook messages in the dead-letter store").register(registry);
        Gauge.builder("relay.deliveries.pending", pending::getAsInt)
                .description("webhook messages waiting to be sent").register(registry);
        FunctionCounter.builder("relay.store.write.failures", DurableFiles.class, files -> DurableFiles.failedWrites())
                .description("appends to the state files that the disk refused (a full disk)").register(registry);
    }

    private static double ageSeconds(long epochSeconds, Clock clock) {
        return epochSeconds == 0 ? Double.NaN : clock.instant().getEpochSecond() - epochSeconds;
    }

    /** One webhook attempt's outcome: delivered, retry or dead_letter. */
    public void delivery(String target, String outcome) {
        Counter.builder("relay.deliveries").tag("target", target).tag("outcome", outcome).register(registry)
                .increment();
    }

    public void digestRun(String outcome, int subscribersSent) {
        Counter.builder("relay.digests").tag("outcome", outcome).register(registry).increment();
        registry.counter("relay.digest.messages.sent").increment(subscribersSent);
    }

    /**
     * One request read from the digest's mailbox: unsubscribe, subscribe, confirm, bounce, or ignored (not a
     * request, a forged or broken token, a soft bounce, a bounce of other mail).
     */
    public void mailboxRequest(String kind) {
        Counter.builder("relay.mailbox.requests").tag("kind", kind).register(registry).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A poll ended; it succeeded when a live source answered, or when it had no live source to ask. */
    public void pollFinished(Instant at, boolean succeeded) {
        if (succeeded) {
            lastPollSuccess.set(at.getEpochSecond());
        }
        Counter.builder("relay.polls").tag("outcome", succeeded ? "succeeded" : "failed").register(registry)
                .increment();
    }

    public Instant lastPollSuccess() {
        long seconds = lastPollSuccess.get();
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    public void pageFetched() {
        registry.counter("relay.pages.fetched").increment();
    }

    public void pageFailed(PageProblem problem) {
        Counter.builder("relay.pages.failed").tag("reason", problem.metricName()).register(registry).increment();
    }

    /**
     * Links and redirect hops not requested: {@code reason} is scheme, host (not in reports.allowed-hosts),
     * address (private or loopback) or page_limit (beyond the recall links one page may queue).
     */
    public void linksRefused(String reason, int count) {
        Counter.builder("relay.links.refused").tag("reason", reason).register(registry).increment(count);
    }

    public void recordIngested(Report report) {
        registry.counter("relay.records.ingested").increment();
        if (!report.warnings().isEmpty()) {
            registry.counter("relay.validation.warnings").increment(report.warnings().size());
        }
        recordKnown(report);
    }

    /** Keeps the newest publish date for the issue-age gauge. */
    public void recordKnown(Report report) {
        if (report.published() != null) {
            long published = report.published().atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toEpochSecond();
            newestIssuePublished.accumulateAndGet(published, Math::max);
        }
    }
}
