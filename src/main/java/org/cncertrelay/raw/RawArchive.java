package org.cncertrelay.raw;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.cncertrelay.page.GzipBody;
import org.cncertrelay.store.DurableFiles;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw content of every page, feed and archive file the relay read, kept so a later parser can read it again
 * ({@code --reparse}): WARC files (ISO 28500) under {@code <relay.data-dir>/raw}, one gzip member per record, so
 * a torn last record after a crash costs that record only and any WARC tool reads the rest. Files are only ever
 * appended to; a new one is started past {@link #ROTATE_BYTES}. A page fetched over HTTP is a {@code response}
 * record (status line, headers and body as received, compressed or not); an archive file a {@code resource} record
 * with its {@code file:} URI. Each record names what the relay read it as ({@value #KIND_HEADER}).
 *
 * <p>Retention: files older than {@code reports.keep-raw} (when not "keep") and, oldest first, files beyond
 * {@code reports.raw-max-bytes} are deleted when a new file is started; the file being written is never deleted.
 */
public final class RawArchive {

    /** The WARC header naming what the relay read the content as: PAGE, FEED or FILE. */
    public static final String KIND_HEADER = "Relay-Kind";
    /** A file is closed and a new one started once it passes this size: retention deletes whole files. */
    static final long ROTATE_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RawArchive.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** What the relay read a capture as. */
    public enum Kind { PAGE, FEED, FILE }

    /** One capture: as received, with where and when. {@code status} is 0 and headers empty for a FILE. */
    public record Capture(Kind kind, URI uri, Instant date, int status, Map<String, List<String>> headers,
            byte[] body) {

        /** The first Content-Type header as received, whatever its case. */
        public Optional<String> contentType() {
            return headers.entrySet().stream()
                    .filter(header -> "Content-Type".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty())
                    .map(header -> header.getValue().get(0)).findFirst();
        }
    }

    private final Path dir;
    private final Duration keep;
    private final long maxBytes;
    private final Clock clock;
    private Path current;

    /**
     * @param keep how long files are kept; null keeps them until {@code maxBytes} needs the room
     * @param maxBytes the most the archive's files may take together
     */
    public RawArchive(Path dataDir, Duration keep, long maxBytes, Clock clock) {
        this.dir = dataDir.resolve("raw");
        this.keep = keep;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Appends one capture, forced to disk. A write the disk refuses is cut back off at once ({@link DurableFiles});
     * a process (re)started begins a new file, so a record a crash cut short stays the last of its file. A capture
     * that cannot be written is logged and dropped: the relay reads the page anyway, the archive only loses what a
     * later parser could have read again. Readers keeping pages at once compress them in parallel and share the
     * disk's flush: only choosing the file is serialised here, the append by {@link DurableFiles}.
     */
    public void keep(Capture capture) {
        try {
            boolean compressed = GzipBody.isCompressed(capture.body());
            ByteArrayOutputStream member = new ByteArrayOutputStream(
                    (compressed ? capture.body().length : capture.body().length / 4) + 1024);
            try (GZIPOutputStream gzip = new FastGzip(member, compressed);
                    WarcWriter writer = new WarcWriter(Channels.newChannel(gzip), WarcCompression.NONE)) {
                writer.write(record(capture));
            }
            Path file;
            synchronized (this) {
                file = fileToAppend();
            }
            // one write of the whole gzip member, cut back off if the disk refuses it
            DurableFiles.appendRecord(file, member.toByteArray());
        } catch (DurableFiles.WriteFailedException e) {
            // said once per spell of refused writes, with the journals'; the page is read anyway
            LOG.debug("Raw content of {} not kept: {}", capture.uri(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot keep the raw content of {} in {}: {} — a later --reparse cannot read it again",
                    capture.uri(), dir, e.getMessage());
        }
    }

    /**
     * A gzip member at the fastest level: jwarc's own GZIP compression uses the default level, which made
     * compressing every page the largest cost of reading it (8.5 ms per 450 KB page against 2.6 ms, for files
     * about a quarter larger). A body that came compressed is stored in the member as it is: compressing it again
     * costs time and saves nothing. Any WARC tool reads either: a record is one gzip member all the same.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out, boolean bodyCompressed) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(bodyCompressed ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
        }
    }

    private static WarcRecord record(Capture capture) throws IOException {
        if (capture.kind() == Kind.FILE) {
            return new WarcResource.Builder(capture.uri()).date(capture.date())
                    .addHeader(KIND_HEADER, capture.kind().name())
                    .body(MediaType.OCTET_STREAM, capture.body()).build();
        }
        HttpResponse.Builder http = new HttpResponse.Builder(capture.status(), reason(capture));
        capture.headers().forEach((name, values) -> {
            if (name != null && !name.equalsIgnoreCase("Transfer-Encoding")) {
                // the body is kept de-chunked, as HttpURLConnection handed it over: no chunked framing to declare
                values.forEach(value -> http.addHeader(name, value));
            }
        });
        http.body(parseType(capture.contentType().orElse("application/octet-stream")), capture.body());
        return new WarcResponse.Builder(capture.uri()).date(capture.date())
                .addHeader(KIND_HEADER, capture.kind().name())
                .body(http.build()).build();
    }

    /** The reason phrase of the status line HttpURLConnection keeps under the null header name. */
    private static String reason(Capture capture) {
        // not get(null): a Map.of refuses to look a null key up
        return capture.headers().entrySet().stream()
                .filter(header -> header.getKey() == null && !header.getValue().isEmpty())
                .map(header -> header.getValue().get(0).split(" ", 3))
                .filter(parts -> parts.length == 3).map(parts -> parts[2]).findFirst().orElse("");
    }

    private static MediaType parseType(String type) {
        try {
            return MediaType.parseLeniently(type);
        } catch (RuntimeException e) {
            return MediaType.OCTET_STREAM;
        }
    }

    private Path fileToAppend() throws IOException {
        if (current == null || !Files.exists(current) || Files.size(current) >= ROTATE_BYTES) {
            // a new file per process too: one a crash left with a torn last record is not appended to
            Files.createDirectories(dir);
            Path next = dir.resolve("raw-" + FILE_TIME.format(clock.instant()) + ".warc.gz");
            for (int n = 1; Files.exists(next); n++) {
                next = dir.resolve("raw-" + FILE_TIME.format(clock.instant()) + "-" + n + ".warc.gz");
            }
            current = next;
            applyRetention();
        }
        return current;
    }

    /** Deletes files past {@code reports.keep-raw}, then the oldest while the archive is larger than its bound. */
    private void applyRetention() throws IOException {
        List<Path> files = new ArrayList<>(files());
        Instant cutoff = keep == null ? null : clock.instant().minus(keep);
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        for (Path file : files) {
            boolean expired = cutoff != null && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
            if (file.equals(current) || !expired && total <= maxBytes) {
                continue;
            }
            long size = Files.size(file);
            Files.delete(file);
            total -= size;
            LOG.info("Deleted raw archive file {} ({}); pages in it cannot be read again by --reparse", file,
                    expired ? "older than reports.keep-raw" : "the archive passed reports.raw-max-bytes");
        }
    }

    /** The archive's files, oldest first (their names sort by the time they were started). */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(file -> file.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
        }
    }

    /**
     * Hands every capture to {@code reader}, oldest first. A record that cannot be read (the torn last record of a
     * crash, a damaged file) ends the reading of its file with a warning; the other files are read.
     *
     * @return how many captures were read
     */
    public int readAll(Consumer<Capture> reader) {
        int count = 0;
        List<Path> files;
        try {
            files = files();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            try (WarcReader warc = new WarcReader(file)) {
                while (true) {
                    Optional<WarcRecord> next = warc.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    Optional<Capture> capture = capture(next.get());
                    if (capture.isPresent()) {
                        reader.accept(capture.get());
                        count++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Raw archive file {}: a record cannot be read ({}) — a write a crash cut short; the rest "
                        + "of this file is skipped", file, e.getMessage());
            }
        }
        return count;
    }

    private static Optional<Capture> capture(WarcRecord record) throws IOException {
        Optional<Kind> kind = record.headers().first(KIND_HEADER).map(Kind::valueOf);
        if (kind.isEmpty()) {
            return Optional.empty(); // not written by the relay
        }
        if (record instanceof WarcResponse response) {
            HttpResponse http = response.http();
            byte[] body = http.body().stream().readAllBytes();
            return Optional.of(new Capture(kind.get(), response.targetURI(), response.date(), http.status(),
                    http.headers().map(), body));
        }
        if (record instanceof WarcResource resource) {
            return Optional.of(new Capture(kind.get(), resource.targetURI(), resource.date(), 0, Map.of(),
                    resource.body().stream().readAllBytes()));
        }
        return Optional.empty();
    }
}
