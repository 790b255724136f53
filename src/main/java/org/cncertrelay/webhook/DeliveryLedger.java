package org.cncertrelay.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable record of what is owed to whom: every delivery is pending, delivered or dead, and is recorded
 * pending before anything is sent. A worker claims a pending delivery before sending it and settles it
 * (delivered or dead) only while it still holds the claim, so a ledger shared by several instances hands each
 * delivery to one of them at a time. A ledger only one process writes ({@link FileDeliveryLedger}) grants every
 * claim.
 */
interface DeliveryLedger {

    /** Pending deliveries nobody holds a live claim on, oldest record first. */
    List<Delivery> pending() throws IOException;

    /**
     * Records as pending those of {@code candidates} this ledger has never seen and returns them; a delivery
     * already pending, delivered or dead is never added twice.
     */
    List<Delivery> addNew(List<Delivery> candidates) throws IOException;

    /** Takes the pending delivery for this instance; false if it is no longer pending or another instance has it. */
    boolean claim(Delivery delivery) throws IOException;

    /**
     * Keeps this instance's claim for at least {@code busyFor} more, plus the lease; false if the claim was lost
     * (it lapsed and another instance took the delivery over).
     */
    boolean holdClaim(Delivery delivery, Duration busyFor) throws IOException;

    /** How long a claim lasts unless held: a worker renews it in shorter steps while it waits to retry. */
    Duration claimLease();

    /** Gives up this instance's claim without settling the delivery, so another instance may take it at once. */
    void release(Delivery delivery) throws IOException;

    /** @return false if the claim had been lost, so the delivery was not recorded as delivered by this instance */
    boolean markDelivered(Delivery delivery) throws IOException;

    /** @return false if the claim had been lost, so nothing was dead-lettered */
    boolean markDead(DeadLetter letter) throws IOException;

    /**
     * Turns the dead letters of {@code targets} back into pending deliveries and returns them; letters for
     * targets no longer configured stay where they are.
     */
    List<Delivery> replayDeadLetters(Set<String> targets) throws IOException;

    /** Dead letters waiting for a replay, for all targets (and, when shared, all instances). */
    int deadLettersWaiting();

    /**
     * How often to look for pending deliveries other instances enqueued, replayed or left behind; empty when
     * this process is the ledger's only writer.
     */
    Optional<Duration> pollInterval();
}
