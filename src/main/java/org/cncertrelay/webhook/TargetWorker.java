package org.cncertrelay.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.cncertrelay.config.Redaction;
import org.cncertrelay.store.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one thread that sends to one target, so a slow or broken target holds up nobody else. It drains its
 * deliveries oldest record first, at the target's rate, retrying with backoff until delivered or dead-lettered.
 * It claims each delivery in the ledger first and keeps the claim held through every send and backoff, so with a
 * shared ledger no other instance sends it meanwhile, and one that dies mid-delivery lets its claim lapse.
 */
final class TargetWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TargetWorker.class);

    private final WebhookTarget target;
    private final WebhookFormat format;
    private final WebhookTransport transport;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final DeliveryLedger ledger;
    private final Consumer<Delivery> onSettled;
    private final DeliveryEvents events;
    private final RateLimit rateLimit;
    private final PriorityBlockingQueue<Delivery> queue = new PriorityBlockingQueue<>(16, Delivery.RECORD_ORDER);
    private final Thread thread;
    /**
     * Held while the outcome of a send is written to the ledger. An interrupt closes a file channel in use, so one
     * landing there would lose the record of a send the receiver has: stop() interrupts only outside it.
     */
    private final ReentrantLock recordingOutcome = new ReentrantLock();
    /** When the delivery in hand is next tried, while the worker sits out a backoff; null otherwise. */
    private volatile Instant retryingAt;

    /**
     * @param onSettled called once per submitted delivery this worker is done with: delivered, dead-lettered, or
     *                  left to another instance (or to a later try) because it could not be claimed
     */
    TargetWorker(WebhookTarget target, WebhookTransport transport, RetryPolicy retry, Duration timeout,
                 DeliveryLedger ledger, Consumer<Delivery> onSettled, DeliveryEvents events) {
        this.target = target;
        this.format = WebhookFormat.forTarget(target);
        this.transport = transport;
        this.retry = retry;
        this.timeout = timeout;
        this.ledger = ledger;
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

    /** Stops after the current attempt is interrupted; unsent deliveries stay pending in the ledger. */
    void stop() throws InterruptedException {
        recordingOutcome.lock();
        try {
            thread.interrupt();
        } finally {
            recordingOutcome.unlock();
        }
        thread.join();
    }

    private void run() {
        Delivery current = null;
        try {
            while (true) {
                current = queue.take();
                if (claim(current)) {
                    deliver(current);
                }
                onSettled.accept(current);
                current = null;
            }
        } catch (InterruptedException e) {
            // close(): whatever was not delivered stays pending and resumes on the next start; another instance
            // sharing the ledger need not wait for the lease to lapse
            if (current != null) {
                release(current);
            }
        }
    }

    private void deliver(Delivery delivery) throws InterruptedException {
        int unanswered = 0;
        for (int attempt = 1; ; attempt++) {
            rateLimit.acquire();
            if (!holdClaim(delivery, timeout)) {
                return;
            }
            WebhookRequest request = null;
            SendOutcome outcome;
            try {
                request = format.render(delivery, Instant.now());
                outcome = format.interpret(transport.post(request, timeout));
            } catch (IOException e) {
                outcome = SendOutcome.fromFailure(e, describe(e));
            } catch (RuntimeException e) {
                // a bug more than a receiver's answer: given up at once, unless nothing is ever given up (the CSV)
                String reason = "cannot send: " + describe(e);
                outcome = retry.hasLastAttempt() ? new SendOutcome.Permanent(reason)
                        : new SendOutcome.Retry(reason, null);
            }
            if (outcome instanceof SendOutcome.Unanswered noAnswer) {
                unanswered++;
                outcome = unanswered <= retry.unansweredResends()
                        ? new SendOutcome.Retry(noAnswer.reason() + "; sent without an answer, so the receiver may"
                                + " have it (resend " + unanswered + " of at most " + retry.unansweredResends() + ")",
                                null)
                        : new SendOutcome.Permanent("no answer to " + unanswered + " send(s), not sent again as the"
                                + " receiver may have it (webhook.retry.unanswered-resends): " + noAnswer.reason());
            }
            if (outcome instanceof SendOutcome.Delivered) {
                events.attempted(target.name(), "delivered");
                int attempts = attempt;
                recordOutcome(() -> recordDelivered(delivery, attempts));
                return;
            }
            if (outcome instanceof SendOutcome.Retry retryLater && attempt < retry.maxAttempts()) {
                events.attempted(target.name(), "retry");
                Duration wait = retry.delayAfter(attempt, retryLater.after());
                LOG.warn("Retry scheduled: {} to {} in {} ms (attempt {} failed: {})", delivery.label(),
                        target.name(), wait.toMillis(), retry.attemptOf(attempt), retryLater.reason());
                if (!waitHoldingClaim(delivery, wait)) {
                    return;
                }
                continue;
            }
            String reason = outcome instanceof SendOutcome.Retry retryLater
                    ? "gave up after " + attempt + " attempts: " + retryLater.reason()
                    : ((SendOutcome.Permanent) outcome).reason();
            events.attempted(target.name(), "dead_letter");
            DeadLetter letter = new DeadLetter(delivery, request == null ? null : request.bodyText(), reason,
                    attempt, Instant.now());
            recordOutcome(() -> deadLetter(letter));
            return;
        }
    }

    /**
     * Writes a send's outcome with no interrupt able to land in the write; one that arrived just before is put back
     * afterwards, so stop() takes effect at the worker's next wait.
     */
    private void recordOutcome(Runnable write) {
        recordingOutcome.lock();
        boolean interrupted = Thread.interrupted();
        try {
            write.run();
        } finally {
            recordingOutcome.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean claim(Delivery delivery) {
        try {
            return ledger.claim(delivery);
        } catch (IOException e) {
            LOG.warn("Cannot claim {} for {}; it stays pending and is picked up again later: {}", delivery.label(),
                    target.name(), e.toString());
            return false;
        }
    }

    /** Renews the claim before a send or a wait; false (logged) once another instance may have the delivery. */
    private boolean holdClaim(Delivery delivery, Duration busyFor) {
        try {
            if (ledger.holdClaim(delivery, busyFor)) {
                return true;
            }
            LOG.warn("Leaving {} for {} to another instance: this one's claim lapsed and was taken over",
                    delivery.label(), target.name());
        } catch (IOException e) {
            // Sending without a renewed claim could race the instance that takes it over once the lease lapses.
            LOG.warn("Leaving {} for {} pending: cannot renew the claim, so it is sent once the lease lapses: {}",
                    delivery.label(), target.name(), e.toString());
        }
        return false;
    }

    /** Sleeps out a backoff in steps shorter than the claim's lease, renewing it before each; false if it was lost. */
    private boolean waitHoldingClaim(Delivery delivery, Duration wait) throws InterruptedException {
        Duration step = ledger.claimLease().dividedBy(2);
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        retryingAt = Instant.now().plus(wait);
        try {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                Duration slice = step.compareTo(Duration.ofNanos(left)) < 0 ? step : Duration.ofNanos(left);
                if (!holdClaim(delivery, slice)) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(slice.toNanos());
            }
            return true;
        } finally {
            retryingAt = null;
        }
    }

    /** When this worker next tries the delivery in hand, if it is sitting out a backoff. */
    Optional<Instant> retryingAt() {
        return Optional.ofNullable(retryingAt);
    }

    private void release(Delivery delivery) {
        try {
            ledger.release(delivery);
        } catch (IOException e) {
            LOG.warn("Could not release the claim on {} for {}; another instance takes it once the lease lapses: {}",
                    delivery.label(), target.name(), e.toString());
        }
    }

    private void recordDelivered(Delivery delivery, int attempts) {
        try {
            if (ledger.markDelivered(delivery)) {
                LOG.info("Delivered {} to {} (attempt {})", delivery.label(), target.name(), attempts);
            } else {
                LOG.warn("Delivered {} to {}, but this instance's claim had lapsed and another one took it over;"
                        + " the receiver may get it twice", delivery.label(), target.name());
            }
        } catch (IOException e) {
            // a write the disk refused was said once by the store (and again when writing works): no ERROR each
            LOG.atLevel(DurableFiles.WriteFailedException.causes(e) ? Level.WARN : Level.ERROR).log(
                    "Delivered {} to {} but could not record it; it stays pending and will be sent again: {}",
                    delivery.label(), target.name(), e.toString());
        }
    }

    private void deadLetter(DeadLetter letter) {
        try {
            if (ledger.markDead(letter)) {
                LOG.error("Dead-lettered {} for {} after {} attempt(s): {}", letter.delivery().label(),
                        target.name(), letter.attempts(), letter.reason());
            } else {
                LOG.warn("Gave up on {} for {} ({}), but another instance had taken it over; not dead-lettered here",
                        letter.delivery().label(), target.name(), letter.reason());
            }
        } catch (IOException e) {
            LOG.error("Could not dead-letter {} for {}; it stays pending and will be tried again: {}",
                    letter.delivery().label(), target.name(), e.toString());
        }
    }

    /** An exception as a failure reason, with any part of the target URL masked. */
    private String describe(Exception e) {
        return Redaction.scrub(e.getClass().getSimpleName() + ": " + e.getMessage(), target.url());
    }
}
