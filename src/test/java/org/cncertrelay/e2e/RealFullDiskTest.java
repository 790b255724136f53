package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.store.DurableFiles;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskFullTest} on a real full disk: the data dir on a small tmpfs that fills during the poll and is grown
 * while the poll goes on. Needs root (mount), so it runs only with {@code -Drelay.test.tmpfs=true}.
 */
class RealFullDiskTest {

    private static final int ISSUES = 20;

    @TempDir
    Path mountPoint;

    @Test
    void aTmpfsThatFillsAndGrowsDuringAPollLosesNoRecord() throws Exception {
        assumeTrue(Boolean.getBoolean("relay.test.tmpfs"), "set -Drelay.test.tmpfs=true (needs root)");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", mountPoint.toString()) == 0,
                "cannot mount a tmpfs here");
        try (PageServer server = new PageServer()) {
            Path data = mountPoint.resolve("data");
            List<Issue> issues = DamagedStateTest.issues(server, ISSUES);
            Relay relay = new Relay(data).urls(DamagedStateTest.urls(server, issues))
                    .set("reports.retry.initial-delay", "1s"); // the shortest backoff: due again by the next run
            long failuresBefore = DurableFiles.failedWrites();
            Thread grow = new Thread(() -> {
                try {
                    while (DurableFiles.failedWrites() - failuresBefore < 4) {
                        Thread.sleep(5);
                    }
                    run("mount", "-o", "remount,size=1m", mountPoint.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            grow.setDaemon(true);
            grow.start();

            Relay.Run full = relay.once();
            grow.join(30_000);
            int whileFull = Relay.keys(data).size();
            long refused = DurableFiles.failedWrites() - failuresBefore;
            assertThat(full.warningsAbout("No space left on device")).as(full.output()).hasSize(1);
            assertThat(full.linesContaining("Writing works again")).hasSize(1);
            assertThat(full.lines()).noneMatch(line -> line.startsWith("\tat "));
            for (String file : List.of("records.jsonl", "pages.jsonl", "reports.csv")) {
                assertThat(Files.readString(data.resolve(file))).endsWith("\n");
            }

            Thread.sleep(1_100); // the refused pages' retry is due
            Relay.Run next = relay.once();

            assertThat(next.exitCode()).as(next.output()).isZero();
            assertThat(Relay.keys(data)).hasSize(ISSUES).doesNotHaveDuplicates();
            System.out.printf("real tmpfs of 32 KiB grown to 1 MiB mid-poll of %d issues: %d writes refused, %d rows "
                    + "while full, %d after the next run%n", ISSUES, refused, whileFull, Relay.keys(data).size());
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(System.out);
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
