package org.cncertrelay.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.page.Article;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.page.WechatPageReader;
import org.cncertrelay.report.BulletinParser;
import org.cncertrelay.report.Report;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One page per operation, round-robin over {@link #POOL} generated issues of 300–600 KB: jsoup's own parse of
 * the page (given as a String, its fastest form) beside what the relay's parse stage does with it (the page's
 * UTF-8 bytes as fetched into WechatPageReader.readPage, decoding included, then BulletinParser.parse).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {

    static final int POOL = 16;

    private final WechatPageReader reader = new WechatPageReader();
    private final BulletinParser parser = new BulletinParser();
    private String[] pages;
    private byte[][] pageBytes;
    private URI[] uris;
    private int next;

    @Setup(Level.Trial)
    public void generate() throws PageRejected {
        pages = new String[POOL];
        pageBytes = new byte[POOL][];
        uris = new URI[POOL];
        for (int i = 0; i < POOL; i++) {
            int year = 2000 + i;
            int issue = 1 + i * 3;
            pages[i] = BulletinPages.page(year, issue);
            pageBytes[i] = pages[i].getBytes(StandardCharsets.UTF_8);
            uris[i] = URI.create("http://127.0.0.1:8080" + BulletinPages.pathAndQuery(year, issue));
            // a page the relay cannot read would measure a rejection, not a parse
            Report report = parser.parse(reader.readPage(pageBytes[i], StandardCharsets.UTF_8, uris[i]));
            if (report.year() != year || report.issue() != issue || report.incidentsTotal() == null) {
                throw new IllegalStateException("generated page not read back: " + report);
            }
        }
    }

    /** Mean UTF-8 size of the pool's pages, in bytes: pages/s times this is the byte rate. */
    public static double meanPageBytes() {
        long total = 0;
        for (int i = 0; i < POOL; i++) {
            total += BulletinPages.page(2000 + i, 1 + i * 3).getBytes(StandardCharsets.UTF_8).length;
        }
        return (double) total / POOL;
    }

    @Benchmark
    public Document jsoupParse() {
        int i = next++ & (POOL - 1);
        return Jsoup.parse(pages[i], uris[i].toString());
    }

    @Benchmark
    public Report relayParse() throws PageRejected {
        int i = next++ & (POOL - 1);
        Article article = reader.readPage(pageBytes[i], StandardCharsets.UTF_8, uris[i]);
        return parser.parse(article);
    }
}
