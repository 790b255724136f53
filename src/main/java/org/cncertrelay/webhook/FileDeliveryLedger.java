package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cncertrelay.store.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of a single instance, in files: an append-only journal in {@code <dataDir>/webhooks/outbox.journal}
 * whose last line per delivery id decides its state (pending, delivered, dead), plus the dead-letter files. Every
 * change is on disk before the caller acts on it. Only this process writes it, so claims are not recorded: every
 * pending delivery is this process's to send.
 */
final class FileDeliveryLedger implements DeliveryLedger {

    private static final Logger LOG = LoggerFactory.getLogger(FileDeliveryLedger.class);

    private static final Duration NEVER_LAPSES = ChronoUnit.FOREVER.getDuration();

    private enum State { PENDING, DELIVERED, DEAD }

    private final Path journal;
    private final DeadLetterStore deadLetters;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, Delivery> pending = new LinkedHashMap<>();

    FileDeliveryLedger(Path dataDir) throws IOException {
        this.journal = dataDir.resolve("webhooks").resolve("outbox.journal");
        this.deadLetters = new DeadLetterStore(dataDir.resolve("dead-letters"));
        load();
    }

    private void load() throws IOException {
        DurableFiles.replay(journal, line -> {
            JsonNode entry = Json.parse(line);
            switch (entry.path("event").asText()) {
                case "pending" -> {
                    Delivery delivery = Delivery.fromJson(entry.get("delivery"));
                    states.put(delivery.id(), State.PENDING);
                    pending.put(delivery.id(), delivery);
                }
                case "delivered" -> settle(entry.get("delivery_id").asText(), State.DELIVERED);
                case "dead" -> settle(entry.get("delivery_id").asText(), State.DEAD);
                default -> throw new IllegalStateException("unknown event \"" + entry.path("event").asText() + "\"");
            }
        });
        // A dead-letter file counts only while the journal says dead: one left behind by a crash during
        // dead-lettering or replay (or a deletion the crash undid) goes.
        for (String id : states.keySet()) {
            if (states.get(id) != State.DEAD && deadLetters.exists(id)) {
                deadLetters.delete(id);
            }
        }
    }

    @Override
    public synchronized List<Delivery> pending() {
        List<Delivery> list = new ArrayList<>(pending.values());
        list.sort(Delivery.RECORD_ORDER);
        return list;
    }

    /** Journals those of {@code candidates} never seen before, in one append, and returns them. */
    @Override
    public synchronized List<Delivery> addNew(List<Delivery> candidates) throws IOException {
        List<Delivery> fresh = candidates.stream().filter(d -> !states.containsKey(d.id())).toList();
        appendPending(fresh);
        return fresh;
    }

    @Override
    public synchronized boolean claim(Delivery delivery) {
        return pending.containsKey(delivery.id());
    }

    @Override
    public boolean holdClaim(Delivery delivery, Duration busyFor) {
        return true;
    }

    @Override
    public Duration claimLease() {
        return NEVER_LAPSES;
    }

    @Override
    public void release(Delivery delivery) {
        // nothing to give up: unsettled deliveries simply stay pending for the next start
    }

    @Override
    public synchronized boolean markDelivered(Delivery delivery) throws IOException {
        append(event("delivered", delivery.id()));
        settle(delivery.id(), State.DELIVERED);
        return true;
    }

    /** The file first, then the journal line: a crash in between leaves the delivery pending, never lost. */
    @Override
    public synchronized boolean markDead(DeadLetter letter) throws IOException {
        deadLetters.write(letter);
        append(event("dead", letter.delivery().id()));
        settle(letter.delivery().id(), State.DEAD);
        return true;
    }

    @Override
    public synchronized List<Delivery> replayDeadLetters(Set<String> targets) throws IOException {
        List<Delivery> replayed = new ArrayList<>();
        for (DeadLetter letter : deadLetters.readAll()) {
            if (targets.contains(letter.delivery().target())) {
                replayed.add(letter.delivery().replayed());
            } else {
                LOG.warn("Dead letter for {} left in place: target {} is not configured",
                        letter.delivery().label(), letter.delivery().target());
            }
        }
        appendPending(replayed);
        for (Delivery delivery : replayed) {
            deadLetters.delete(delivery.id());
        }
        return replayed;
    }

    @Override
    public synchronized int deadLettersWaiting() {
        return (int) states.values().stream().filter(State.DEAD::equals).count();
    }

    @Override
    public Optional<Duration> pollInterval() {
        return Optional.empty();
    }

    private void appendPending(List<Delivery> deliveries) throws IOException {
        if (deliveries.isEmpty()) {
            return;
        }
        DurableFiles.appendLines(journal, deliveries, delivery -> {
            ObjectNode entry = Json.object().put("event", "pending");
            entry.set("delivery", delivery.toJson());
            return Json.text(entry);
        });
        for (Delivery delivery : deliveries) {
            states.put(delivery.id(), State.PENDING);
            pending.put(delivery.id(), delivery);
        }
    }

    private static String event(String name, String deliveryId) {
        return Json.text(Json.object().put("event", name).put("delivery_id", deliveryId)
                .put("at", Instant.now().toString())) + "\n";
    }

    private void append(String lines) throws IOException {
        DurableFiles.append(journal, lines);
    }

    private void settle(String deliveryId, State state) {
        states.put(deliveryId, state);
        pending.remove(deliveryId);
    }
}
