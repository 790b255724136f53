package org.cncertrelay.metrics;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.Report;

/** The relay's own meters, named {@code relay_*} once exported to Prometheus. */
public final class RelayMetrics {

    private final MeterRegistry registry;
    private final AtomicLong lastPollSuccess = new AtomicLong();
    private final AtomicLong newestIssuePublished = new AtomicLong();

    public RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("relay.poll.last.success.timestamp.seconds", lastPollSuccess);
        registry.gauge("relay.newest.issue.published.timestamp.seconds", newestIssuePublished);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void pollStarted() {
        registry.counter("relay.polls.started").increment();
    }

    public void pollSucceeded(Instant at) {
        lastPollSuccess.set(at.getEpochSecond());
        registry.counter("relay.polls.succeeded").increment();
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

    public void recordIngested(Report report) {
        registry.counter("relay.records.ingested").increment();
        if (!report.warnings().isEmpty()) {
            registry.counter("relay.validation.warnings").increment(report.warnings().size());
        }
        if (report.published() != null) {
            long published = report.published().atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toEpochSecond();
            newestIssuePublished.accumulateAndGet(published, Math::max);
        }
    }
}
