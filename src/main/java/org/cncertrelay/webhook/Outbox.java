package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cncertrelay.store.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable ledger of deliveries: an append-only journal in {@code <dataDir>/webhooks/outbox.journal} whose
 * last line per delivery id decides its state (pending, delivered, dead), plus the dead-letter files. Every
 * change is on disk before the caller acts on it.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private enum State { PENDING, DELIVERED, DEAD }

    private final Path journal;
    private final DeadLetterStore deadLetters;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, Delivery> pending = new LinkedHashMap<>();

    Outbox(Path dataDir) throws IOException {
        this.journal = dataDir.resolve("webhooks").resolve("outbox.journal");
        this.deadLetters = new DeadLetterStore(dataDir.resolve("dead-letters"));
        load();
    }

    private void load() throws IOException {
        for (String line : DurableFiles.readJournal(journal)) {
            JsonNode entry;
            try {
                entry = Json.parse(line);
            } catch (IOException e) {
                LOG.warn("Skipping an unreadable line in {}", journal);
                continue;
            }
            switch (entry.path("event").asText()) {
                case "pending" -> {
                    Delivery delivery = Delivery.fromJson(entry.get("delivery"));
                    states.put(delivery.id(), State.PENDING);
                    pending.put(delivery.id(), delivery);
                }
                case "delivered" -> settle(entry.get("delivery_id").asText(), State.DELIVERED);
                case "dead" -> settle(entry.get("delivery_id").asText(), State.DEAD);
                default -> LOG.warn("Skipping an unknown journal event in {}", journal);
            }
        }
        // A dead-letter file counts only while the journal says dead: one left behind by a crash during
        // dead-lettering or replay (or a deletion the crash undid) goes.
        for (String id : states.keySet()) {
            if (states.get(id) != State.DEAD && deadLetters.exists(id)) {
                deadLetters.delete(id);
            }
        }
    }

    /** Pending deliveries, oldest record first. */
    synchronized List<Delivery> pending() {
        List<Delivery> list = new ArrayList<>(pending.values());
        list.sort(Delivery.RECORD_ORDER);
        return list;
    }

    /**
     * Journals those of {@code candidates} this outbox has never seen, in one append, and returns them. A
     * delivery already pending, delivered or dead-lettered is never added twice.
     */
    synchronized List<Delivery> addNew(List<Delivery> candidates) throws IOException {
        List<Delivery> fresh = candidates.stream().filter(d -> !states.containsKey(d.id())).toList();
        appendPending(fresh);
        return fresh;
    }

    synchronized void markDelivered(Delivery delivery) throws IOException {
        append(event("delivered", delivery.id()));
        settle(delivery.id(), State.DELIVERED);
    }

    /** The file first, then the journal line: a crash in between leaves the delivery pending, never lost. */
    synchronized void markDead(DeadLetter letter) throws IOException {
        deadLetters.write(letter);
        append(event("dead", letter.delivery().id()));
        settle(letter.delivery().id(), State.DEAD);
    }

    /**
     * Turns the dead letters of {@code targets} back into pending deliveries and returns them; letters for
     * targets no longer configured stay where they are.
     */
    synchronized List<Delivery> replayDeadLetters(Set<String> targets) throws IOException {
        List<Delivery> replayed = new ArrayList<>();
        for (DeadLetter letter : deadLetters.readAll()) {
            if (targets.contains(letter.delivery().target())) {
                replayed.add(letter.delivery());
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

    synchronized int deadLettersWaiting() {
        return (int) states.values().stream().filter(State.DEAD::equals).count();
    }

    private void appendPending(List<Delivery> deliveries) throws IOException {
        if (deliveries.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (Delivery delivery : deliveries) {
            ObjectNode entry = Json.object().put("event", "pending");
            entry.set("delivery", delivery.toJson());
            lines.append(Json.text(entry)).append('\n');
        }
        append(lines.toString());
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
