package org.cncertrelay.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.PriorityBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that sends to one target, so a slow or broken target holds up nobody else. It drains its
 * deliveries oldest record first, at the target's rate, retrying with backoff until delivered or dead-lettered.
 */
final class TargetWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TargetWorker.class);

    private final WebhookTarget target;
    private final WebhookFormat format;
    private final WebhookTransport transport;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Outbox outbox;
    private final Runnable onSettled;
    private final DeliveryEvents events;
    private final RateLimit rateLimit;
    private final PriorityBlockingQueue<Delivery> queue = new PriorityBlockingQueue<>(16, Delivery.RECORD_ORDER);
    private final Thread thread;

    /** @param onSettled called once per delivery that was delivered or dead-lettered */
    TargetWorker(WebhookTarget target, WebhookTransport transport, RetryPolicy retry, Duration timeout, Outbox outbox,
                 Runnable onSettled, DeliveryEvents events) {
        this.target = target;
        this.format = WebhookFormat.forTarget(target);
        this.transport = transport;
        this.retry = retry;
        this.timeout = timeout;
        this.outbox = outbox;
        this.onSettled = onSettled;
        this.events = events;
        this.rateLimit = new RateLimit(target.ratePerMinute());
        this.thread = new Thread(this::run, "webhook-" + target.name());
        // A daemon, so a caller that forgets close() cannot keep the JVM alive; pending work is on disk anyway.
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(Delivery delivery) {
        queue.add(delivery);
    }

    /** Stops after the current attempt is interrupted; unsent deliveries stay pending in the outbox. */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }

    private void run() {
        try {
            while (true) {
                deliver(queue.take());
                onSettled.run();
            }
        } catch (InterruptedException e) {
            // close(): whatever was not delivered stays pending and resumes on the next start
        }
    }

    private void deliver(Delivery delivery) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            rateLimit.acquire();
            WebhookRequest request = null;
            SendOutcome outcome;
            try {
                request = format.render(delivery, Instant.now());
                outcome = format.interpret(transport.post(request, timeout));
            } catch (IOException e) {
                outcome = new SendOutcome.Retry(describe(e), null);
            } catch (RuntimeException e) {
                outcome = new SendOutcome.Permanent("cannot send: " + describe(e));
            }
            if (outcome instanceof SendOutcome.Delivered) {
                events.attempted(target.name(), "delivered");
                recordDelivered(delivery, attempt);
                return;
            }
            if (outcome instanceof SendOutcome.Retry retryLater && attempt < retry.maxAttempts()) {
                events.attempted(target.name(), "retry");
                Duration wait = retryLater.after() != null ? retryLater.after() : retry.delayAfter(attempt);
                LOG.warn("Retry scheduled: {} to {} in {} ms (attempt {}/{} failed: {})", delivery.label(),
                        target.name(), wait.toMillis(), attempt, retry.maxAttempts(), retryLater.reason());
                Thread.sleep(Math.max(0, wait.toMillis()));
                continue;
            }
            String reason = outcome instanceof SendOutcome.Retry retryLater
                    ? "gave up after " + attempt + " attempts: " + retryLater.reason()
                    : ((SendOutcome.Permanent) outcome).reason();
            events.attempted(target.name(), "dead_letter");
            deadLetter(new DeadLetter(delivery, request == null ? null : request.bodyText(), reason, attempt,
                    Instant.now()));
            return;
        }
    }

    private void recordDelivered(Delivery delivery, int attempts) {
        try {
            outbox.markDelivered(delivery);
            LOG.info("Delivered {} to {} (attempt {})", delivery.label(), target.name(), attempts);
        } catch (IOException e) {
            LOG.error("Delivered {} to {} but could not record it; it will be sent again after a restart: {}",
                    delivery.label(), target.name(), e.toString());
        }
    }

    private void deadLetter(DeadLetter letter) {
        try {
            outbox.markDead(letter);
            LOG.error("Dead-lettered {} for {} after {} attempt(s): {}", letter.delivery().label(), target.name(),
                    letter.attempts(), letter.reason());
        } catch (IOException e) {
            LOG.error("Could not dead-letter {} for {}; it stays pending until a restart: {}",
                    letter.delivery().label(), target.name(), e.toString());
        }
    }

    /** An exception as a failure reason, with any part of the target URL masked. */
    private String describe(Exception e) {
        return Redaction.scrub(e.getClass().getSimpleName() + ": " + e.getMessage(), target.url());
    }
}
