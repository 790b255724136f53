package org.cncertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.ParserVersion;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.store.pg.PgPageLedger;
import org.cncertrelay.testing.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both page ledgers keep which parser judged a page, and give back what an older parser rejected. */
class PageLedgerParserVersionTest {

    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void fileLedger() {
        rejectionsOfAnOlderParserAreDueAgain(new FilePageLedger(dataDir));
        assertThat(new FilePageLedger(dataDir).get("gone").orElseThrow().parserVersion()).isEqualTo(1);
    }

    @Test
    void postgresLedger() {
        try (Database database = LocalPostgres.get().newMigratedDatabase()) {
            rejectionsOfAnOlderParserAreDueAgain(new PgPageLedger(database.dataSource()));
        }
    }

    private static void rejectionsOfAnOlderParserAreDueAgain(PageLedger ledger) {
        ledger.put(new PageLedger.Entry("old", "https://a/old", PageLedger.Status.PERMANENT_FAILURE,
                PageProblem.NOT_THIS_BULLETIN, 1, null, 0, 1));
        ledger.put(new PageLedger.Entry("gone", "https://a/gone", PageLedger.Status.PERMANENT_FAILURE,
                PageProblem.HTTP_4XX, 1, null, 0, 1));
        ledger.markFailed("now", "https://a/now", 0, PageProblem.MALFORMED, NOW, Duration.ofMinutes(1),
                Duration.ofHours(1));

        assertThat(ledger.get("now").orElseThrow().parserVersion()).isEqualTo(ParserVersion.PARSER_VERSION);
        assertThat(ledger.isDue("old", NOW)).isTrue();
        assertThat(ledger.isDue("gone", NOW)).isFalse();
        assertThat(ledger.isDue("now", NOW)).isFalse();
        assertThat(ledger.dueRetries(NOW)).extracting(PageLedger.Entry::key).containsExactly("old");

        // judged again by this parser: settled until the next version
        ledger.markFailed("old", "https://a/old", 0, PageProblem.NOT_THIS_BULLETIN, NOW, Duration.ofMinutes(1),
                Duration.ofHours(1));
        assertThat(ledger.isDue("old", NOW)).isFalse();
        assertThat(ledger.dueRetries(NOW)).isEmpty();
    }
}
