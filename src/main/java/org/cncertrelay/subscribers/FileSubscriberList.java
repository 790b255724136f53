package org.cncertrelay.subscribers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.cncertrelay.store.DurableFiles;

/**
 * The subscriber list as a journal of JSON lines, {@code <dataDir>/subscribers/subscribers.jsonl}, appended
 * through {@link DurableFiles}: {@code listed} (from {@code digest.to}; counts only for an address not yet
 * known), {@code subscribed}, {@code unsubscribed}, {@code bounced} (one hard bounce) and {@code bouncing}.
 * Replaying it gives each address's state. A change holds
 * the lock on {@code subscribers/lock} only while it reads and appends, so {@code --subscribe} and
 * {@code --unsubscribe} run beside the daemon (which holds the data directory's lock) and the daemon's
 * unsubscribe listener, and a digest reads the list afresh each time.
 */
public final class FileSubscriberList implements SubscriberList {

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** File locks are per process; this keeps two threads of one JVM from taking the same one twice. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** One journal line. */
    record Entry(String event, String address, String name, String language, String how, String at) {
    }

    private final Path journal;
    private final Path lockFile;

    public FileSubscriberList(Path dataDir) {
        Path dir = dataDir.resolve("subscribers");
        this.journal = dir.resolve("subscribers.jsonl");
        this.lockFile = dir.resolve("lock");
    }

    @Override
    public List<Subscriber> all() {
        return locked(current -> List.copyOf(current.values()));
    }

    @Override
    public void seed(List<InternetAddress> addresses, String language, Instant at) {
        locked(current -> {
            StringBuilder lines = new StringBuilder();
            for (InternetAddress address : addresses) {
                String key = Subscriber.key(address.getAddress());
                if (!current.containsKey(key)) {
                    lines.append(line(new Entry("listed", key, address.getPersonal(), language,
                            Subscriber.FROM_SETTINGS, at.toString())));
                    current.put(key, new Subscriber(key, "", language, Subscriber.State.ACTIVE, "", at));
                }
            }
            append(lines.toString());
            return null;
        });
    }

    @Override
    public Subscriber subscribe(InternetAddress address, String language, String how, Instant at) {
        return locked((current, bounces) -> {
            Entry entry = new Entry("subscribed", Subscriber.key(address.getAddress()), address.getPersonal(),
                    language, how, at.toString());
            append(line(entry));
            apply(current, bounces, entry);
            return current.get(entry.address());
        });
    }

    @Override
    public boolean unsubscribe(String address, String how, Instant at) {
        return locked(current -> {
            Subscriber known = current.get(Subscriber.key(address));
            if (known == null || known.state() == Subscriber.State.UNSUBSCRIBED) {
                return false;
            }
            append(line(new Entry("unsubscribed", known.address(), null, null, how, at.toString())));
            return true;
        });
    }

    @Override
    public int bounced(String address, int limit, Instant at) {
        return locked((current, bounces) -> {
            Subscriber known = current.get(Subscriber.key(address));
            if (known == null || !known.active()) {
                return 0;
            }
            int count = bounces.getOrDefault(known.address(), 0) + 1;
            String lines = line(new Entry("bounced", known.address(), null, null, null, at.toString()));
            if (count >= limit) {
                lines += line(new Entry("bouncing", known.address(), null, null, "bounces", at.toString()));
            }
            append(lines);
            return count;
        });
    }

    /** Runs {@code work} on the replayed list while holding the lock. */
    private <T> T locked(Function<Map<String, Subscriber>, T> work) {
        return locked((current, bounces) -> work.apply(current));
    }

    /** Runs {@code work} on the replayed list and each address's hard bounces while holding the lock. */
    private <T> T locked(BiFunction<Map<String, Subscriber>, Map<String, Integer>, T> work) {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                Map<String, Integer> bounces = new HashMap<>();
                return work.apply(replay(bounces), bounces);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the subscriber list " + journal + ": " + e.getMessage(), e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private Map<String, Subscriber> replay(Map<String, Integer> bounces) throws IOException {
        Map<String, Subscriber> current = new LinkedHashMap<>();
        if (!Files.exists(journal)) {
            return current;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        // a line cut off by a crash has no newline yet: it was never acknowledged, so it is left out
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isBlank()) {
                apply(current, bounces, JSON.readValue(line, Entry.class));
            }
        }
        return current;
    }

    private static void apply(Map<String, Subscriber> current, Map<String, Integer> bounces, Entry entry) {
        Instant at = Instant.parse(entry.at());
        Subscriber known = current.get(entry.address());
        String name = entry.name() == null ? "" : entry.name();
        switch (entry.event()) {
            case "listed" -> current.putIfAbsent(entry.address(), new Subscriber(entry.address(), name,
                    entry.language(), Subscriber.State.ACTIVE, entry.how(), at));
            case "subscribed" -> {
                bounces.remove(entry.address());
                current.put(entry.address(), new Subscriber(entry.address(),
                        name.isEmpty() && known != null ? known.displayName() : name, entry.language(),
                        Subscriber.State.ACTIVE, entry.how(), at));
            }
            case "unsubscribed" -> {
                if (known != null) {
                    current.put(entry.address(), new Subscriber(known.address(), known.displayName(),
                            known.language(), Subscriber.State.UNSUBSCRIBED, entry.how(), at));
                }
            }
            case "bounced" -> bounces.merge(entry.address(), 1, Integer::sum);
            case "bouncing" -> {
                if (known != null) {
                    current.put(entry.address(), new Subscriber(known.address(), known.displayName(),
                            known.language(), Subscriber.State.BOUNCING, entry.how(), at));
                }
            }
            default -> throw new IllegalStateException("unknown event \"" + entry.event()
                    + "\" in the subscriber list");
        }
    }

    private void append(String lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            DurableFiles.append(journal, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the subscriber list " + journal + ": " + e.getMessage(), e);
        }
    }

    private static String line(Entry entry) {
        try {
            return JSON.writeValueAsString(entry) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a subscriber entry", e);
        }
    }
}
