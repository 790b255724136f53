package org.cncertrelay.webhook;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cncertrelay.store.DurableFiles;

/**
 * One JSON file per dead letter in {@code <dataDir>/dead-letters/}, named {@code webhook-<delivery id>.json} so
 * other parts of the relay can keep theirs in the same place.
 */
final class DeadLetterStore {

    private static final String PREFIX = "webhook-";
    private static final String SUFFIX = ".json";

    private final Path dir;

    DeadLetterStore(Path dir) {
        this.dir = dir;
    }

    void write(DeadLetter letter) throws IOException {
        DurableFiles.replace(file(letter.delivery().id()), Json.bytes(letter.toJson()));
    }

    List<DeadLetter> readAll() throws IOException {
        List<DeadLetter> letters = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return letters;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                letters.add(DeadLetter.fromJson(Json.parse(Files.readString(file))));
            }
        }
        letters.sort((a, b) -> Delivery.RECORD_ORDER.compare(a.delivery(), b.delivery()));
        return letters;
    }

    boolean exists(String deliveryId) {
        return Files.exists(file(deliveryId));
    }

    void delete(String deliveryId) throws IOException {
        Files.deleteIfExists(file(deliveryId));
    }

    private Path file(String deliveryId) {
        return dir.resolve(PREFIX + deliveryId + SUFFIX);
    }
}
