package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals GreenMail cannot produce, from a scripted SMTP server: a 550 for one subscriber, a 421 mid-digest. */
class DigestDeliveryFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void aRejectedSubscriberIsRecordedAsFailedAndTheOthersStillGetTheDigest() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(Set.of("gone@example.org"))) {
            List<Report> history = Reports.weeks38And39();

            DigestResult result = service(server).sendDigest(history, history);
            DigestResult again = service(server).sendDigest(history, history);

            assertThat(result.status()).isEqualTo(DigestResult.Status.SENT);
            assertThat(result.sentTo()).containsExactly("a@example.org", "c@example.org");
            assertThat(result.rejected()).containsOnlyKeys("gone@example.org");
            assertThat(result.rejected().get("gone@example.org")).contains("550");
            assertThat(server.delivered()).containsExactly("a@example.org", "c@example.org");
            assertThat(again.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
            assertThat(server.rcptSeen()).containsOnlyOnce("gone@example.org");
        }
    }

    @Test
    void aDigestCutOffMidwayIsResumedForTheSubscribersNotYetServed() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(Set.of())) {
            List<Report> history = Reports.weeks38And39();
            server.hangUpAfter(1);

            DigestResult cutOff = service(server).sendDigest(history, history);
            server.hangUpAfter(Integer.MAX_VALUE);
            DigestResult resumed = service(server).sendDigest(history, history);

            assertThat(cutOff.status()).isEqualTo(DigestResult.Status.PENDING);
            assertThat(cutOff.sentTo()).containsExactly("a@example.org");
            assertThat(resumed.status()).isEqualTo(DigestResult.Status.SENT);
            assertThat(resumed.sentTo()).containsExactly("gone@example.org", "c@example.org");
            assertThat(server.delivered()).containsExactly("a@example.org", "gone@example.org", "c@example.org");
        }
    }

    private DigestService service(FakeSmtpServer server) {
        return newService(DigestSettings.parse(Map.of(
                "digest.to", "a@example.org, gone@example.org, c@example.org",
                "digest.from", "relay@example.org",
                "mail.host", "127.0.0.1",
                "mail.port", Integer.toString(server.port()))));
    }

    /** Overridden to run these tests on another ledger. */
    DigestService newService(DigestSettings settings) {
        return new DigestService(settings, dataDir);
    }
}
